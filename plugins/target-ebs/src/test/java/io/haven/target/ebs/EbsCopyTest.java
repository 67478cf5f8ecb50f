package io.haven.target.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
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
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.kms.KmsClient;

/** Disaster-recovery copies of EBS snapshots across regions of one account (guide 10), against moto. */
@ExtendWith(MotoExtension.class)
class EbsCopyTest {

    private static final String SOURCE = "ap-south-1";
    private static final String DR = "ca-central-1";

    private static DefaultAwsClients clients;
    private static CloudContext source;
    private static CloudContext destination;
    private final EbsVolumeTargetType type = new EbsVolumeTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        AwsIdentity identity = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
        source = clients.context(identity, SOURCE);
        destination = clients.context(identity, DR);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void copiesASnapshotToTheDrRegionTaggedAtCreationAndDeletesIt() {
        Artifact original = backup(volume(false), "run-copy");

        Artifact copy = type.startCopy(source, destination, original, request("run-copy", original.id()));

        assertThat(copy.region()).isEqualTo(DR);
        assertThat(copy.kind()).isEqualTo("ebs-snapshot");
        assertThat(copy.id()).isNotEqualTo(original.id());
        assertThat(copy.details()).containsEntry(HavenTags.COPY_OF, original.id())
                .containsEntry("volumeId", original.resourceId());
        // the original records its owner; the copy does not claim it (decision 55)
        assertThat(original.details()).containsKey(io.haven.aws.ec2.EbsSnapshots.DETAIL_OWNER_ID);
        assertThat(copy.details()).doesNotContainKey(io.haven.aws.ec2.EbsSnapshots.DETAIL_OWNER_ID);
        Snapshot described = snapshot(destination, copy.id());
        assertThat(tags(described)).containsEntry(HavenTags.BACKUP_ID, "run-copy")
                .containsEntry(HavenTags.POLICY, "daily").containsEntry(HavenTags.COPY_OF, original.id())
                .containsEntry("haven:target-type", "ebs-volume");
        assertThat(described.encrypted()).isFalse();
        assertThat(type.poll(destination, copy)).isEqualTo(ArtifactStatus.completed());
        assertThat(type.notCopiedBecause()).isEmpty();

        // a restart finds the copy by its tags; the run's own look-up in that region does not take it for an original
        assertThat(type.findCopies(destination, "run-copy")).singleElement().satisfies(found -> {
            assertThat(found.id()).isEqualTo(copy.id());
            assertThat(found.detail(HavenTags.COPY_OF)).isEqualTo(original.id());
        });
        assertThat(type.findByBackupId(destination, "run-copy")).isEmpty();
        assertThat(type.findCopies(source, "run-copy")).isEmpty();

        type.delete(destination, copy);
        assertThat(type.poll(destination, copy).state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(snapshot(source, original.id())).isNotNull();
    }

    /** Guide 10.5.2: AWS's default key maps to the destination's default key. */
    @Test
    void aSnapshotWithTheDefaultKeyIsCopiedEncryptedWithTheDestinationsDefault() {
        Artifact original = backup(volume(true), "run-default-key");
        Artifact copy = type.startCopy(source, destination, original, request("run-default-key", original.id()));
        Snapshot described = snapshot(destination, copy.id());
        assertThat(described.encrypted()).isTrue();
        assertThat(described.kmsKeyId()).isEqualTo("alias/aws/ebs");
    }

    /** Guide 10.5.2: a customer key maps to the key of the same alias in the destination, or the copy fails. */
    @Test
    void aSnapshotWithACustomerKeyIsCopiedWithTheKeyOfTheSameAlias() {
        // moto leaves KmsKeyId off snapshots of encrypted volumes, but sets it on copies: the source is a copy
        String sourceKey = key(source, "alias/app-data");
        Ec2Client ec2 = source.client(Ec2Client.class);
        Artifact first = backup(volume(true), "run-cmk");
        String encrypted = ec2.copySnapshot(b -> b.sourceRegion(SOURCE).sourceSnapshotId(first.id()).encrypted(true)
                .kmsKeyId(sourceKey)).snapshotId();
        assertThat(snapshot(source, encrypted).kmsKeyId()).isEqualTo(sourceKey);
        Artifact original = new Artifact("ebs-snapshot", encrypted, SOURCE, first.resourceId(), first.details());

        assertThatThrownBy(() -> type.startCopy(source, destination, original, request("run-cmk", encrypted)))
                .hasMessageContaining("No KMS key with alias alias/app-data in region " + DR);

        String drKey = key(destination, "alias/app-data");
        Artifact copy = type.startCopy(source, destination, original, request("run-cmk", encrypted));
        assertThat(snapshot(destination, copy.id()).kmsKeyId()).isEqualTo(drKey);
    }

    private static String key(CloudContext ctx, String alias) {
        KmsClient kms = ctx.client(KmsClient.class);
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
        return keyId;
    }

    /**
     * Cross-account DR (guide 11): the source account shares the snapshot, the DR account (an assumed role of another
     * AWS account) copies it into itself, tags and deletes it there. moto serves the shared copy through the
     * testing/moto patch, and only after the share.
     */
    @Test
    void aSharedSnapshotIsCopiedByTheDrAccountIntoItselfTaggedAndDeletedThere() {
        AwsIdentity base = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
        AwsIdentity vault = new AwsIdentity("vault", new Credentials.AssumeRole(base,
                "arn:aws:iam::210987654321:role/HavenDr", "ext-1"));
        CloudContext drAccount = clients.context(vault, DR);
        assertThat(drAccount.awsAccountId()).isEqualTo("210987654321");
        Artifact original = backup(volume(false), "run-xacct");
        assertThatThrownBy(() -> type.startCopy(source, drAccount, original, request("run-xacct", original.id())))
                .as("not shared yet").isInstanceOf(RuntimeException.class);

        type.share(source, original, "210987654321");
        assertThat(source.client(Ec2Client.class).describeSnapshotAttribute(b -> b.snapshotId(original.id())
                .attribute("createVolumePermission")).createVolumePermissions())
                .extracting(p -> p.userId()).containsExactly("210987654321");
        Artifact copy = type.startCopy(source, drAccount, original, request("run-xacct", original.id()));

        Snapshot described = snapshot(drAccount, copy.id());
        assertThat(described.ownerId()).isEqualTo("210987654321");
        assertThat(tags(described)).containsEntry(HavenTags.COPY_OF, original.id());
        assertThat(snapshot(destination, copy.id())).as("not in the backup account").isNull();
        assertThat(type.findCopies(drAccount, "run-xacct")).extracting(Artifact::id).containsExactly(copy.id());
        assertThat(type.notSharedBecause()).isEmpty();

        type.tag(drAccount, copy, Map.of(HavenTags.CPM_DELETED, "2026-12-07T03:00:00Z"));
        assertThat(tags(snapshot(drAccount, copy.id()))).containsEntry(HavenTags.CPM_DELETED, "2026-12-07T03:00:00Z")
                .containsEntry(HavenTags.COPY_OF, original.id());
        type.delete(drAccount, copy);
        assertThat(snapshot(drAccount, copy.id())).isNull();
        assertThat(snapshot(source, original.id())).isNotNull();
    }

    private Artifact backup(String volumeId, String backupId) {
        return type.startBackup(source, new TargetSpec("ebs-volume", SOURCE, volumeId, Map.of()),
                new BackupRequest(backupId, "daily", "Haven policy daily, run " + backupId,
                        Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"))).get(0);
    }

    private static CopyRequest request(String backupId, String sourceId) {
        return new CopyRequest(backupId, "daily", "Haven DR copy of " + sourceId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily", HavenTags.COPY_OF, sourceId), null);
    }

    private static String volume(boolean encrypted) {
        return source.client(Ec2Client.class).createVolume(b -> b.availabilityZone(SOURCE + "a").size(4)
                .encrypted(encrypted)).volumeId();
    }

    private static Snapshot snapshot(CloudContext ctx, String id) {
        List<Snapshot> found = ctx.client(Ec2Client.class).describeSnapshots(b -> b.filters(f -> f.name("snapshot-id")
                .values(id))).snapshots();
        return found.isEmpty() ? null : found.get(0);
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
