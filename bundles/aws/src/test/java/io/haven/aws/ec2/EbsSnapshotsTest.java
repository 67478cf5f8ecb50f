package io.haven.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

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
        assertThat(artifact.details()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "volumeId", volume, "sizeGiB", "8", "instanceId", "i-0123456789abcdef0", "device", "/dev/sdf"));

        Snapshot snapshot = describe(artifact.id());
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

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "nightly", "Haven backup of policy nightly",
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"));
    }

    private static Snapshot describe(String snapshotId) {
        return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0);
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
