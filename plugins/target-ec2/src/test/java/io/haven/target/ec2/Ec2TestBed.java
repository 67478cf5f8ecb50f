package io.haven.target.ec2;

import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.aws.ec2.Ec2Tags;
import io.haven.testing.moto.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * One test class's EC2: moto behind an {@link Ec2Proxy}, a {@link CloudContext} whose clients go
 * through the proxy, and instances to back up. The AMIs are those of src/test/resources/moto-amis.json,
 * which moto loads because the build sets MOTO_AMIS_PATH.
 */
final class Ec2TestBed implements AutoCloseable {

    static final String REGION = "eu-west-1";
    static final String ZONE = "eu-west-1b";
    /** Windows Server 2016 from moto's default image list: instances launched from it have platform windows. */
    static final String WINDOWS_AMI = "ami-03cf127a";
    /** Amazon Linux from moto's default image list; its root device is /dev/xvda. */
    static final String LINUX_AMI = "ami-760aaa0f";
    /** Pauses the plugin asks for between CreateImage attempts; recorded, never slept. */
    static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(15));

    final Ec2Proxy proxy;
    final CloudContext ctx;
    final Ec2Client ec2;
    final List<Duration> slept = new ArrayList<>();
    private final DefaultAwsClients clients;

    Ec2TestBed(MotoServer moto) {
        proxy = new Ec2Proxy(moto.endpoint());
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        ec2 = ctx.client(Ec2Client.class);
    }

    /** The same account in another region (disaster-recovery copies). */
    /** A DR account's context: a role of another AWS account (210987654321) assumed through this one (guide 11). */
    CloudContext drAccountContext(String region) {
        AwsIdentity base = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
        return clients.context(new AwsIdentity("vault", new Credentials.AssumeRole(base,
                "arn:aws:iam::210987654321:role/HavenDr", "ext-1")), region);
    }

    CloudContext context(String region) {
        return clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), region);
    }

    /** The target type as DS would run it, with a clock and pauses that only record. */
    Ec2InstanceTargetType targetType(Clock clock) {
        return new Ec2InstanceTargetType(clock, new ConflictRetry(WAITS, slept::add));
    }

    /** A running t3.micro from the image with a root volume (8 GiB) and data volumes /dev/sdf (10) and /dev/sdg (12). */
    Instance launch(String imageId, String name) {
        return launch(imageId, name, b -> { });
    }

    Instance launch(String imageId, String name, Consumer<RunInstancesRequest.Builder> more) {
        String root = LINUX_AMI.equals(imageId) ? "/dev/xvda" : "/dev/sda1";
        String id = ec2.runInstances(b -> {
            b.imageId(imageId).minCount(1).maxCount(1).instanceType(InstanceType.T3_MICRO)
                    .placement(p -> p.availabilityZone(ZONE))
                    .blockDeviceMappings(mapping(root, 8), mapping("/dev/sdf", 10), mapping("/dev/sdg", 12))
                    .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                            .tags(Tag.builder().key(Ec2Tags.NAME).value(name).build()));
            more.accept(b);
        }).instances().get(0).instanceId();
        return instance(id);
    }

    Instance instance(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    static TargetSpec target(Instance instance, Map<String, String> options) {
        return new TargetSpec("ec2-instance", REGION, instance.instanceId(), options);
    }

    static BackupRequest request(String backupId) {
        return request(backupId, BackupLog.NONE);
    }

    static BackupRequest request(String backupId, BackupLog log) {
        return new BackupRequest(backupId, "nightly", "Haven policy nightly, run " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"), log);
    }

    Optional<Image> image(String imageId) {
        try {
            return ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst();
        } catch (AwsServiceException e) {
            return Optional.empty();
        }
    }

    List<Image> imagesTagged(String key, String value) {
        return ec2.describeImages(b -> b.owners("self").filters(f -> f.name("tag:" + key).values(value))).images();
    }

    boolean snapshotExists(String snapshotId) {
        try {
            return !ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().isEmpty();
        } catch (AwsServiceException e) {
            return false;
        }
    }

    Snapshot snapshot(String snapshotId) {
        return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0);
    }

    static Map<String, String> tags(List<Tag> tags) {
        return Ec2Tags.toMap(tags);
    }

    @Override
    public void close() {
        clients.close();
        proxy.close();
    }

    private static BlockDeviceMapping mapping(String device, int sizeGiB) {
        return BlockDeviceMapping.builder().deviceName(device).ebs(e -> e.volumeSize(sizeGiB)).build();
    }
}
