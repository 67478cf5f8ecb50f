package io.haven.testing.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;

/**
 * The patches of {@link AwsBehaviourPatches} for AMIs shared with another account, against the running emulator:
 * what AWS serves to the account an image is shared with, and "not found" to every other account.
 */
@ExtendWith(MotoExtension.class)
class AwsBehaviourPatchesTest {

    private static final String OWNER = "123456789012";
    private static final String SHARED_WITH = "210987654321";
    private static final String STRANGER = "310987654321";
    private static final String REGION = "us-east-1";
    private static final String OTHER_REGION = "us-west-2";

    private static String endpoint;

    @BeforeAll
    static void emulator(MotoServer moto) {
        endpoint = moto.endpoint();
    }

    private static Ec2Client ec2(String account, String region) {
        return Ec2Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account))
                .build();
    }

    @Test
    void aSharedImageIsDescribedByTheAccountItIsSharedWithAndCopiedOnceItsSnapshotIsSharedToo() {
        Ec2Client owner = ec2(OWNER, REGION);
        Ec2Client sharedWith = ec2(SHARED_WITH, REGION);
        Ec2Client copier = ec2(SHARED_WITH, OTHER_REGION);
        Ec2Client stranger = ec2(STRANGER, REGION);
        String instance = owner.runInstances(b -> b.imageId("ami-12345678").minCount(1).maxCount(1)).instances().get(0)
                .instanceId();
        String image = owner.createImage(b -> b.instanceId(instance).name("shared-image")).imageId();
        String snapshot = owner.describeImages(b -> b.imageIds(image)).images().get(0).blockDeviceMappings().get(0)
                .ebs().snapshotId();

        // not shared: not found, as in AWS
        assertNotFound(() -> sharedWith.describeImages(b -> b.imageIds(image)));
        assertNotFound(() -> copier.copyImage(b -> b.sourceImageId(image).sourceRegion(REGION).name("copy")));

        owner.modifyImageAttribute(b -> b.imageId(image).launchPermission(p -> p.add(
                LaunchPermission.builder().userId(SHARED_WITH).build())));
        assertThat(sharedWith.describeImages(b -> b.imageIds(image)).images()).extracting(Image::ownerId)
                .containsExactly(OWNER);
        assertThat(sharedWith.describeImages(b -> b.owners("self")).images()).isEmpty();
        assertNotFound(() -> stranger.describeImages(b -> b.imageIds(image)));
        // AWS copies a shared image only with read access to its storage
        assertNotFound(() -> copier.copyImage(b -> b.sourceImageId(image).sourceRegion(REGION).name("copy")));

        owner.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(OperationType.ADD).userIds(SHARED_WITH));
        String copy = copier.copyImage(b -> b.sourceImageId(image).sourceRegion(REGION).name("copy")).imageId();

        assertThat(copier.describeImages(b -> b.owners("self")).images()).extracting(Image::imageId, Image::ownerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(copy, SHARED_WITH));
        assertNotFound(() -> ec2(STRANGER, OTHER_REGION).copyImage(b -> b.sourceImageId(image).sourceRegion(REGION)
                .name("copy")));
        // the owner's own images are described as before
        assertThat(owner.describeImages(b -> b.imageIds(image)).images()).hasSize(1);
        assertThat(owner.describeImages(b -> b.owners("self")).images()).extracting(Image::imageId)
                .containsExactly(image);
        List.of(owner, sharedWith, copier, stranger).forEach(Ec2Client::close);
    }

    private static void assertNotFound(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.NotFound"));
    }
}
