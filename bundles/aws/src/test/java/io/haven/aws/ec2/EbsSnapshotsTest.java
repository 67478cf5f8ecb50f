package io.haven.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

@ExtendWith(MotoExtension.class)
class EbsSnapshotsTest {

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static Ec2Client ec2;

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), "us-east-1");
        ec2 = ctx.client(Ec2Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void createsATaggedSnapshotWithDescription() {
        String volume = volume(8);
        BackupRequest request = request("backup-create");

        Artifact artifact = EbsSnapshots.create(ctx, "ec2-instance", volume, request,
                Map.of("instanceId", "i-0123456789abcdef0", "device", "/dev/sdf"));

        assertThat(artifact.kind()).isEqualTo(EbsSnapshots.KIND);
        assertThat(artifact.id()).startsWith("snap-");
        assertThat(artifact.region()).isEqualTo("us-east-1");
        assertThat(artifact.resourceId()).isEqualTo(volume);
        Snapshot snapshot = describe(artifact.id());
        // the owner as AWS answered, so that a recovery in that account need not ask (decision 55)
        assertThat(artifact.details()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "volumeId", volume, "sizeGiB", "8", "instanceId", "i-0123456789abcdef0", "device", "/dev/sdf",
                "volume.type", "gp2", "volume.zone", "us-east-1a", "volume.encrypted", "false",
                EbsSnapshots.DETAIL_OWNER_ID, snapshot.ownerId()));
        assertThat(snapshot.ownerId()).isNotBlank();
        assertThat(tags(snapshot)).doesNotContainKey("haven:detail:" + EbsSnapshots.DETAIL_OWNER_ID);
        assertThat(snapshot.volumeId()).isEqualTo(volume);
        assertThat(snapshot.description()).isEqualTo("Haven backup of policy nightly");
        assertThat(tags(snapshot)).containsAllEntriesOf(Map.of(
                HavenTags.BACKUP_ID, "backup-create",
                HavenTags.POLICY, "nightly",
                "Name", "nightly-" + volume,
                EbsSnapshots.TARGET_TYPE_TAG, "ec2-instance",
                "haven:detail:device", "/dev/sdf",
                "haven:detail:instanceId", "i-0123456789abcdef0"));
    }

    @Test
    void recordsTheVolumesFactsAndTagsInDetailsAndTags() {
        String volume = ec2.createVolume(b -> b.availabilityZone("us-east-1b").size(20).volumeType(VolumeType.GP3)
                .iops(4000).throughput(250)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME)
                        .tags(tag("Name", "database"), tag("env", "prod")))).volumeId();

        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume, request("backup-facts"), Map.of());

        Map<String, String> facts = Map.of(
                VolumeFacts.TYPE, "gp3", VolumeFacts.IOPS, "4000", VolumeFacts.THROUGHPUT, "250",
                VolumeFacts.ZONE, "us-east-1b", VolumeFacts.ENCRYPTED, "false",
                "volume.tag.Name", "database", "volume.tag.env", "prod");
        assertThat(artifact.details()).containsAllEntriesOf(facts);
        assertThat(tags(describe(artifact.id()))).containsEntry("haven:detail:volume.type", "gp3")
                .containsEntry("haven:detail:volume.iops", "4000")
                .containsEntry("haven:detail:volume.tag.Name", "database");
        assertThat(EbsSnapshots.findByBackupId(ctx, "ebs-volume", "backup-facts"))
                .singleElement().satisfies(found -> assertThat(found.details()).containsAllEntriesOf(facts));
    }

    @Test
    void callersDetailsWinOverTheVolumesFacts() {
        String volume = volume(3);

        Artifact artifact = EbsSnapshots.create(ctx, "ec2-instance", volume, request("backup-override"),
                Map.of(VolumeFacts.DELETE_ON_TERMINATION, "true", VolumeFacts.TYPE, "io9"));

        assertThat(artifact.details()).containsEntry(VolumeFacts.DELETE_ON_TERMINATION, "true")
                .containsEntry(VolumeFacts.TYPE, "io9");
    }

    @Test
    void tagsHavensOwnThenWhatRecoveryNeedsThenTheResourcesTagsAndLogsWhatWasLeftOff() {
        // the reported case: an instance with 45 tags, its volume with 10 (moto refuses more than 50 tags, as AWS does)
        List<Tag> volumeTags = new ArrayList<>(List.of(tag("Name", "data")));
        for (int i = 1; i < 10; i++) {
            volumeTags.add(tag("vtag" + i, "v" + i));
        }
        String volume = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(5)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(volumeTags))).volumeId();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instanceId", "i-0123456789abcdef0");
        details.put("device", "/dev/sdf");
        details.put("instance.type", "t3.micro");
        details.put("image.description", "d".repeat(300));
        details.put("instance.tag.Name", "web");
        for (int i = 10; i < 54; i++) {
            details.put("instance.tag.itag" + i, "t" + i);
        }
        RecordingLog log = new RecordingLog();

        Artifact artifact = EbsSnapshots.create(ctx, "ec2-instance", volume, request("backup-many", log), details);

        assertThat(artifact.details()).containsAllEntriesOf(details);
        Map<String, String> tags = tags(describe(artifact.id()));
        assertThat(tags).hasSize(50)
                .containsEntry(HavenTags.BACKUP_ID, "backup-many").containsEntry(HavenTags.POLICY, "nightly")
                .containsEntry(EbsSnapshots.TARGET_TYPE_TAG, "ec2-instance")
                .containsEntry("haven:detail:instanceId", "i-0123456789abcdef0")
                .containsEntry("haven:detail:device", "/dev/sdf")
                .containsEntry("haven:detail:volume.type", "gp2")
                .containsEntry("haven:detail:instance.type", "t3.micro")
                .containsEntry("haven:detail:instance.tag.Name", "web")
                .containsEntry("haven:detail:volume.tag.Name", "data")
                .containsEntry("haven:detail:volume.tag.vtag9", "v9")
                .containsEntry("haven:detail:instance.tag.itag10", "t10")
                .doesNotContainKey("haven:detail:image.description");
        // 4 of Haven's own, 6 details, 10 volume tags, then 30 instance tags by key: Name and itag10 to itag38
        List<String> leftOff = new ArrayList<>();
        for (int i = 39; i < 54; i++) {
            leftOff.add("instance.tag.itag" + i);
        }
        leftOff.add("image.description");
        assertThat(log.warnings).singleElement().satisfies(line -> assertThat(line)
                .startsWith("EBS snapshot " + artifact.id() + " of volume " + volume + ": 16 detail(s) did not fit")
                .endsWith(String.join(", ", leftOff)));
        Artifact rebuilt = EbsSnapshots.findByBackupId(ctx, "ec2-instance", "backup-many").get(0);
        assertThat(rebuilt.details()).containsEntry("device", "/dev/sdf").containsEntry("volume.zone", "us-east-1a")
                .containsEntry("instance.tag.itag38", "t38").doesNotContainKey("instance.tag.itag39");
    }

    @Test
    void logsNothingWhenEverythingFits() {
        RecordingLog log = new RecordingLog();

        EbsSnapshots.create(ctx, "ebs-volume", volume(1), request("backup-fits", log), Map.of("x", "y"));

        assertThat(log.warnings).isEmpty();
    }

    @Test
    void volumeFactsIncludeDeleteOnTerminationOfTheAttachmentAndLeaveOutAwsTags() {
        Volume volume = Volume.builder().volumeId("vol-1").volumeType(VolumeType.IO2).iops(5000).size(10)
                .availabilityZone("eu-west-1c").encrypted(true)
                .attachments(VolumeAttachment.builder().instanceId("i-1").device("/dev/sdg")
                        .state(VolumeAttachmentState.ATTACHED).deleteOnTermination(true).build())
                .tags(tag("aws:cloudformation:stack-name", "s"), tag("team", "db"))
                .build();

        assertThat(VolumeFacts.of(volume)).containsExactlyEntriesOf(orderedMap(
                "volume.type", "io2", "volume.iops", "5000", "volume.zone", "eu-west-1c", "volume.encrypted", "true",
                "volume.deleteOnTermination", "true", "volume.tag.team", "db"));
        assertThat(VolumeFacts.of(volume.toBuilder().attachments(List.of()).build()))
                .doesNotContainKey(VolumeFacts.DELETE_ON_TERMINATION);
    }

    @Test
    void statusFollowsTheSnapshot() {
        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume(1), request("backup-status"), Map.of());

        assertThat(EbsSnapshots.status(ctx, artifact.id())).isEqualTo(ArtifactStatus.completed());

        EbsSnapshots.delete(ctx, artifact.id());

        ArtifactStatus gone = EbsSnapshots.status(ctx, artifact.id());
        assertThat(gone.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(gone.message()).contains(artifact.id()).contains("no longer exists");
    }

    @Test
    void deleteRemovesTheSnapshotAndToleratesAGoneOne() {
        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume(2), request("backup-delete"), Map.of());

        EbsSnapshots.delete(ctx, artifact.id());
        EbsSnapshots.delete(ctx, artifact.id());

        assertThat(ec2.describeSnapshots(b -> b.filters(f -> f.name("snapshot-id").values(artifact.id()))).snapshots())
                .isEmpty();
    }

    @Test
    void findsExactlyTheRunsSnapshotsOfTheTargetType() {
        String volume = volume(4);
        Artifact mine = EbsSnapshots.create(ctx, "ec2-instance", volume, request("backup-find"),
                Map.of("instanceId", "i-1", "device", "/dev/xvda"));
        EbsSnapshots.create(ctx, "ebs-volume", volume, request("backup-find"), Map.of());
        EbsSnapshots.create(ctx, "ec2-instance", volume, request("backup-other"), Map.of());

        List<Artifact> found = EbsSnapshots.findByBackupId(ctx, "ec2-instance", "backup-find");

        assertThat(found).containsExactly(mine);
        assertThat(EbsSnapshots.findByBackupId(ctx, "ec2-instance", "backup-none")).isEmpty();
    }

    @Test
    void snapshotOfAMissingVolumeFailsWithEc2sCode() {
        assertThatThrownBy(() -> EbsSnapshots.create(ctx, "ebs-volume", "vol-00000000000000000", request("b"), Map.of()))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVolume.NotFound"));
    }

    @Test
    void mapsEveryStateAndProgress() {
        assertThat(EbsSnapshots.statusOf(Snapshot.builder().state(SnapshotState.PENDING).progress("45%").build()))
                .isEqualTo(ArtifactStatus.pending(45));
        assertThat(EbsSnapshots.statusOf(Snapshot.builder().state(SnapshotState.PENDING).build()))
                .isEqualTo(ArtifactStatus.pending(-1));
        assertThat(EbsSnapshots.statusOf(Snapshot.builder().state(SnapshotState.ERROR).stateMessage("KMS key disabled").build()))
                .isEqualTo(ArtifactStatus.failed("KMS key disabled"));
        assertThat(EbsSnapshots.statusOf(Snapshot.builder().snapshotId("snap-1").state(SnapshotState.RECOVERABLE).build()).state())
                .isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(EbsSnapshots.statusOf(Snapshot.builder().state(SnapshotState.COMPLETED).progress("100%").build()))
                .isEqualTo(ArtifactStatus.completed());
        assertThat(EbsSnapshots.progress("n/a")).isEqualTo(-1);
    }

    private static String volume(int sizeGiB) {
        return ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(sizeGiB)).volumeId();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static BackupRequest request(String backupId) {
        return request(backupId, BackupLog.NONE);
    }

    private static BackupRequest request(String backupId, BackupLog log) {
        return new BackupRequest(backupId, "nightly", "Haven backup of policy nightly",
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"), log);
    }

    /** The run's log as a plugin sees it, keeping the warnings. */
    static final class RecordingLog implements BackupLog {
        final List<String> warnings = new ArrayList<>();

        @Override
        public void info(String message) {
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    }

    private static Snapshot describe(String snapshotId) {
        return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0);
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
