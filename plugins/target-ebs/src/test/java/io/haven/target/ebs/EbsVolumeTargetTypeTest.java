package io.haven.target.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

@ExtendWith(MotoExtension.class)
class EbsVolumeTargetTypeTest {

    private static final String REGION = "eu-west-1";
    private static final String ZONE = "eu-west-1a";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static Ec2Client ec2;
    private final TargetType type = new EbsVolumeTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        ec2 = ctx.client(Ec2Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("ebs-volume");
        assertThat(type.displayName()).isEqualTo("EBS volume");
    }

    @Test
    void discoversVolumesWithNameAndAttributes() {
        String named = ec2.createVolume(b -> b.availabilityZone(ZONE).size(20).volumeType(VolumeType.GP3)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME)
                        .tags(tag("Name", "database"), tag("env", "prod")))).volumeId();
        String attached = volume(5);
        String instance = instance();
        ec2.attachVolume(b -> b.volumeId(attached).instanceId(instance).device("/dev/sdf"));

        Map<String, Resource> found = type.discover(ctx).stream()
                .collect(Collectors.toMap(Resource::id, resource -> resource));

        Resource database = found.get(named);
        assertThat(database.type()).isEqualTo("ebs-volume");
        assertThat(database.region()).isEqualTo(REGION);
        assertThat(database.name()).isEqualTo("database");
        assertThat(database.tags()).containsEntry("env", "prod");
        assertThat(database.attributes()).containsEntry("sizeGiB", "20").containsEntry("zone", ZONE)
                .containsEntry("state", "available").containsEntry("volumeType", "gp3")
                .doesNotContainKeys("instanceId", "device");
        Resource data = found.get(attached);
        assertThat(data.name()).isEqualTo(attached);
        assertThat(data.attributes()).containsEntry("state", "in-use")
                .containsEntry("instanceId", instance).containsEntry("device", "/dev/sdf");
    }

    @Test
    void backsUpAVolumeAsOneTaggedSnapshot() {
        String volume = volume(8);
        String instance = instance();
        ec2.attachVolume(b -> b.volumeId(volume).instanceId(instance).device("/dev/sdg"));

        List<Artifact> artifacts = type.startBackup(ctx, target(volume), request("run-1"));

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.kind()).isEqualTo("ebs-snapshot");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo(volume);
            assertThat(artifact.details()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "volumeId", volume, "sizeGiB", "8", "instanceId", instance, "device", "/dev/sdg",
                    "volume.type", "gp2", "volume.zone", ZONE, "volume.encrypted", "false",
                    "ownerId", snapshot(artifact.id()).ownerId()));
        });
        Snapshot snapshot = snapshot(artifacts.get(0).id());
        assertThat(snapshot.volumeId()).isEqualTo(volume);
        assertThat(snapshot.description()).isEqualTo("Haven policy daily, run run-1");
        assertThat(tags(snapshot)).containsEntry(HavenTags.BACKUP_ID, "run-1").containsEntry(HavenTags.POLICY, "daily")
                .containsKey("Name");
        assertThat(type.poll(ctx, artifacts.get(0))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void recordsWhatRecoveryNeedsToRecreateTheVolume() {
        String volume = ec2.createVolume(b -> b.availabilityZone("eu-west-1b").size(100).volumeType(VolumeType.IO1)
                .iops(2500).tagSpecifications(t -> t.resourceType(ResourceType.VOLUME)
                        .tags(tag("Name", "orders"), tag("cost-centre", "42")))).volumeId();

        Artifact artifact = type.startBackup(ctx, target(volume), request("run-facts")).get(0);

        assertThat(artifact.details()).containsEntry("sizeGiB", "100").containsEntry("volume.type", "io1")
                .containsEntry("volume.iops", "2500").containsEntry("volume.zone", "eu-west-1b")
                .containsEntry("volume.tag.Name", "orders").containsEntry("volume.tag.cost-centre", "42")
                .doesNotContainKeys("instanceId", "device", "volume.deleteOnTermination");
        assertThat(type.findByBackupId(ctx, "run-facts")).singleElement()
                .satisfies(found -> assertThat(found.details()).isEqualTo(artifact.details()));
    }

    @Test
    void aVolumeWithFiftyTagsKeepsHavensTagsOnItsSnapshotAndTheRunsLogNamesTheTagsLeftOff() {
        List<Tag> many = new java.util.ArrayList<>();
        for (int i = 10; i < 60; i++) {
            many.add(tag("k" + i, "v" + i));
        }
        String volume = ec2.createVolume(b -> b.availabilityZone(ZONE).size(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(many))).volumeId();
        List<String> warnings = new java.util.ArrayList<>();
        BackupLog log = new BackupLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };

        Artifact artifact = type.startBackup(ctx, target(volume), new BackupRequest("run-tags", "daily", "Haven",
                Map.of(HavenTags.BACKUP_ID, "run-tags", HavenTags.POLICY, "daily"), log)).get(0);

        // moto refuses more than 50 tags, as AWS does: the snapshot exists with Haven's own tags and facts first
        Map<String, String> tags = tags(snapshot(artifact.id()));
        assertThat(tags).hasSize(50).containsEntry(HavenTags.BACKUP_ID, "run-tags")
                .containsEntry("haven:target-type", "ebs-volume").containsKey("haven:detail:volume.type")
                .containsEntry("haven:detail:volume.tag.k10", "v10").doesNotContainKey("haven:detail:volume.tag.k59");
        assertThat(artifact.details()).containsEntry("volume.tag.k59", "v59");
        assertThat(warnings).singleElement().asString()
                .startsWith("EBS snapshot " + artifact.id() + " of volume " + volume + ": ")
                .endsWith("volume.tag.k58, volume.tag.k59");
    }

    @Test
    void deleteRemovesTheSnapshot() {
        Artifact artifact = type.startBackup(ctx, target(volume(1)), request("run-delete")).get(0);

        type.delete(ctx, artifact);

        assertThat(ec2.describeSnapshots(b -> b.filters(f -> f.name("snapshot-id").values(artifact.id()))).snapshots())
                .isEmpty();
        assertThatCode(() -> type.delete(ctx, artifact)).doesNotThrowAnyException();
        assertThat(type.poll(ctx, artifact).state()).isEqualTo(ArtifactStatus.State.FAILED);
    }

    @Test
    void findsExactlyTheRunsSnapshots() {
        String first = volume(1);
        String second = volume(2);
        Artifact a = type.startBackup(ctx, target(first), request("run-find")).get(0);
        Artifact b = type.startBackup(ctx, target(second), request("run-find")).get(0);
        type.startBackup(ctx, target(first), request("run-other"));

        assertThat(type.findByBackupId(ctx, "run-find")).containsExactlyInAnyOrder(a, b);
        assertThat(type.findByBackupId(ctx, "run-missing")).isEmpty();
    }

    @Test
    void findLooksUpTheOneVolumeWithOneCall(MotoServer moto) {
        String wanted = ec2.createVolume(b -> b.availabilityZone(ZONE).size(3)).volumeId();
        ec2.createVolume(b -> b.availabilityZone(ZONE).size(1));
        List<String> calls = new CopyOnWriteArrayList<>();
        CloudContext counted = countingContext(moto, calls);

        assertThat(type.find(counted, wanted)).get().satisfies(r -> {
            assertThat(r.id()).isEqualTo(wanted);
            assertThat(r.attributes()).containsEntry("sizeGiB", "3");
        });
        assertThat(type.find(counted, "vol-0123456789abcdef0")).isEmpty();
        assertThat(calls).as("one describe of the id each, never a listing").containsExactly(
                "DescribeVolumes [" + wanted + "]", "DescribeVolumes [vol-0123456789abcdef0]");
    }

    /** A context whose EC2 client reaches moto and notes each operation with the volume ids it asked for. */
    private static CloudContext countingContext(MotoServer moto, List<String> calls) {
        Ec2Client counting = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint()))
                .region(Region.of(REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context,
                                                ExecutionAttributes attributes) {
                        String ids = context.request() instanceof DescribeVolumesRequest d
                                ? " " + d.volumeIds() : "";
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + ids);
                    }
                }))
                .build();
        return new CloudContext() {
            @Override
            public String awsAccountId() {
                return ctx.awsAccountId();
            }

            @Override
            public String region() {
                return REGION;
            }

            @Override
            public <C> C client(Class<C> clientType) {
                return clientType.cast(counting);
            }
        };
    }

    @Test
    void missingVolumeIsTargetNotFound() {
        assertThatThrownBy(() -> type.startBackup(ctx, target("vol-0123456789abcdef0"), request("run-x")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("vol-0123456789abcdef0");
    }

    @Test
    void validateAcceptsVolumeIdsWithoutOptions() {
        assertThatCode(() -> type.validate(target("vol-0123456789abcdef0"))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(target("vol-1234abcd"))).doesNotThrowAnyException();
    }

    @Test
    void validateRejectsOtherIdsAndAnyOption() {
        for (String bad : new String[] {"i-0123456789abcdef0", "vol-xyz", "vol-123", "", "VOL-1234ABCD"}) {
            assertThatThrownBy(() -> type.validate(target(bad)))
                    .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("resourceId"));
        }
        assertThatThrownBy(() -> type.validate(new TargetSpec("ebs-volume", REGION, "vol-1234abcd", Map.of("volumes", "all"))))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.field()).isEqualTo("options");
                    assertThat(e.getMessage()).contains("volumes");
                });
    }

    /** Guide 13: EBS volumes opt in to tag scans, and a scan gets only the volumes that carry the tag. */
    @Test
    void findsOnlyTheVolumesTaggedCpmBackup() {
        String tagged = ec2.createVolume(b -> b.availabilityZone(ZONE).size(3)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tag("cpm backup", "web db")))).volumeId();
        String other = ec2.createVolume(b -> b.availabilityZone(ZONE).size(3)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tag("cpm", "web")))).volumeId();
        String untagged = volume(3);

        List<Resource> found = type.findTagged(ctx, "cpm backup");

        assertThat(type.scansTags()).isTrue();
        assertThat(found).extracting(Resource::id).contains(tagged).doesNotContain(other, untagged);
        assertThat(found).filteredOn(r -> r.id().equals(tagged)).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web db"));
        assertThat(found).allSatisfy(r -> assertThat(r.tags()).containsKey("cpm backup"));
    }

    private static String volume(int sizeGiB) {
        return ec2.createVolume(b -> b.availabilityZone(ZONE).size(sizeGiB)).volumeId();
    }

    private static String instance() {
        return ec2.runInstances(b -> b.imageId("ami-12345678").minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(ZONE))).instances().get(0).instanceId();
    }

    private static TargetSpec target(String volumeId) {
        return new TargetSpec("ebs-volume", REGION, volumeId, Map.of());
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "daily", "Haven policy daily, run " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"));
    }

    private static Snapshot snapshot(String id) {
        return ec2.describeSnapshots(b -> b.snapshotIds(id)).snapshots().get(0);
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
