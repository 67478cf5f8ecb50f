package io.haven.target.aurora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
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
import io.haven.aws.rds.RdsTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MotoExtension.class)
class AuroraClusterTargetTypeTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RdsClient rds;
    private final TargetType type = new AuroraClusterTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        rds = ctx.client(RdsClient.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    /** Guide 13: Aurora clusters opt in to tag scans; only those tagged cpm backup are found. */
    @Test
    void findsTheClustersTaggedCpmBackup() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("tagged-aurora").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password").tags(tag("cpm backup", "web new:gold")));
        cluster("untagged-aurora");

        List<Resource> found = type.findTagged(ctx, "cpm backup");

        assertThat(type.scansTags()).isTrue();
        assertThat(found).extracting(Resource::id).contains("tagged-aurora").doesNotContain("untagged-aurora");
        assertThat(found).filteredOn(r -> r.id().equals("tagged-aurora")).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web new:gold"));
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("aurora-cluster");
        assertThat(type.displayName()).isEqualTo("Aurora cluster");
    }

    @Test
    void discoversAuroraClustersOnlyWithStorageIn10GiBSteps() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("sales").engine("aurora-mysql").allocatedStorage(15)
                .masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("Name", "Sales"), tag("env", "prod")));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("sales-1").engine("aurora-mysql")
                .dbInstanceClass("db.r5.large").dbClusterIdentifier("sales"));
        cluster("tiny");
        rds.createDBCluster(b -> b.dbClusterIdentifier("multi-az").engine("postgres").allocatedStorage(100)
                .dbClusterInstanceClass("db.m5d.large").storageType("io1").iops(1000)
                .masterUsername("admin").masterUserPassword("secret-password"));

        Map<String, Resource> found = type.discover(ctx).stream().collect(Collectors.toMap(Resource::id, r -> r));

        assertThat(found).containsKeys("sales", "tiny").doesNotContainKey("multi-az");
        Resource sales = found.get("sales");
        assertThat(sales.type()).isEqualTo("aurora-cluster");
        assertThat(sales.region()).isEqualTo(REGION);
        assertThat(sales.name()).isEqualTo("Sales");
        assertThat(sales.tags()).containsEntry("env", "prod");
        assertThat(sales.attributes()).containsEntry("engine", "aurora-mysql").containsEntry("status", "available")
                .containsEntry("allocatedGiB", "15").containsEntry("billedGiB", "20")
                .containsEntry("members", "1").containsEntry("writer", "sales-1");
        // moto, like AWS, reports 1 GiB for a cluster created without storage: it counts as 10
        assertThat(found.get("tiny").attributes()).containsEntry("billedGiB", "10");
        assertThat(found.get("tiny").name()).isEqualTo("tiny");
    }

    @Test
    void billedStorageRoundsUpTo10GiBSteps() {
        assertThat(ClusterResources.billedGiB(0)).isZero();
        assertThat(ClusterResources.billedGiB(1)).isEqualTo(10);
        assertThat(ClusterResources.billedGiB(10)).isEqualTo(10);
        assertThat(ClusterResources.billedGiB(11)).isEqualTo(20);
        assertThat(ClusterResources.billedGiB(19)).isEqualTo(20);
    }

    @Test
    void backsUpAClusterAsOneTaggedManualClusterSnapshot() {
        cluster("ledger");
        rds.createDBInstance(b -> b.dbInstanceIdentifier("ledger-writer").engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").availabilityZone("eu-west-1c").dbClusterIdentifier("ledger"));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("ledger-reader").engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").dbClusterIdentifier("ledger"));

        List<Artifact> artifacts = type.startBackup(ctx, target("ledger"), request("11", "Weekly"));

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.kind()).isEqualTo("aurora-snapshot");
            assertThat(artifact.id()).isEqualTo("haven-weekly-ledger-11");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo("ledger");
            assertThat(artifact.details()).containsEntry("engine", "aurora-postgresql").containsEntry("port", "5432")
                    .containsEntry("billedGiB", "10").containsEntry("readers", "1")
                    .containsEntry("writerInstanceId", "ledger-writer").containsEntry("instanceClass", "db.r6g.large")
                    .containsEntry("zone", "eu-west-1c");
        });
        DBClusterSnapshot snapshot = rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(artifacts.get(0).id()))
                .dbClusterSnapshots().get(0);
        assertThat(snapshot.dbClusterIdentifier()).isEqualTo("ledger");
        assertThat(snapshot.snapshotType()).isEqualTo("manual");
        Map<String, String> tags = RdsTags.toMap(
                rds.listTagsForResource(b -> b.resourceName(snapshot.dbClusterSnapshotArn())).tagList());
        assertThat(tags).containsEntry(HavenTags.BACKUP_ID, "11").containsEntry(HavenTags.POLICY, "Weekly")
                .containsEntry("Name", "Weekly-ledger").containsEntry("haven:target-type", "aurora-cluster")
                .containsEntry("haven:detail:writerInstanceId", "ledger-writer");
        assertThat(type.poll(ctx, artifacts.get(0))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void findsExactlyTheRunsSnapshots() {
        cluster("east");
        cluster("west");
        Artifact a = type.startBackup(ctx, target("east"), request("21", "daily")).get(0);
        Artifact b = type.startBackup(ctx, target("west"), request("21", "daily")).get(0);
        type.startBackup(ctx, target("east"), request("22", "daily"));
        rds.createDBClusterSnapshot(s -> s.dbClusterIdentifier("west").dbClusterSnapshotIdentifier("by-hand")
                .tags(tag(HavenTags.BACKUP_ID, "21")));

        assertThat(type.findByBackupId(ctx, "21")).containsExactlyInAnyOrder(a, b);
        assertThat(type.findByBackupId(ctx, "29")).isEmpty();
    }

    @Test
    void deleteRemovesTheSnapshotAndToleratesItsAbsence() {
        cluster("scratch");
        Artifact artifact = type.startBackup(ctx, target("scratch"), request("31", "daily")).get(0);

        type.delete(ctx, artifact);

        assertThat(rds.describeDBClusterSnapshots(b -> b.dbClusterIdentifier("scratch")).dbClusterSnapshots())
                .extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier).doesNotContain(artifact.id());
        assertThatCode(() -> type.delete(ctx, artifact)).doesNotThrowAnyException();
        ArtifactStatus gone = type.poll(ctx, artifact);
        assertThat(gone.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(gone.message()).contains(artifact.id());
    }

    @Test
    void missingClusterIsTargetNotFound() {
        assertThatThrownBy(() -> type.startBackup(ctx, target("no-such-cluster"), request("41", "daily")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("no-such-cluster");
    }

    @Test
    void nonAuroraClustersAreRefused() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("plain-pg").engine("postgres").allocatedStorage(100)
                .dbClusterInstanceClass("db.m5d.large").storageType("io1").iops(1000)
                .masterUsername("admin").masterUserPassword("secret-password"));

        assertThatThrownBy(() -> type.startBackup(ctx, target("plain-pg"), request("51", "daily")))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessageContaining("not Aurora");
    }

    @Test
    void validateAcceptsClusterIdentifiersWithoutOptions() {
        assertThatCode(() -> type.validate(target("sales-cluster-1"))).doesNotThrowAnyException();
    }

    @Test
    void validateRejectsBadIdentifiersAndAnyOption() {
        for (String bad : new String[] {"", "9lives", "sales-", "sales--1", "Sales", "sales.1", "c".repeat(64)}) {
            assertThatThrownBy(() -> type.validate(target(bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("resourceId"));
        }
        assertThatThrownBy(() -> type.validate(new TargetSpec("aurora-cluster", REGION, "sales", Map.of("instances", "all"))))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.field()).isEqualTo("options");
                    assertThat(e.getMessage()).contains("instances");
                });
    }

    /** Guide 10: a cluster snapshot is copied to the DR region from its ARN, tagged at creation, and deleted there. */
    @Test
    void copiesAClusterSnapshotToTheDrRegionTaggedAtCreation() {
        cluster("drcluster");
        Artifact original = type.startBackup(ctx, target("drcluster"), request("71", "daily")).get(0);
        CloudContext dr = clients.context(new io.haven.aws.AwsIdentity("account-1",
                new io.haven.aws.Credentials.StaticKeys("test", "test")), "eu-north-1");
        assertThat(type.notCopiedBecause()).isEmpty();

        Artifact copy = type.startCopy(ctx, dr, original, new io.haven.api.target.CopyRequest("71", "daily",
                "Haven DR copy", Map.of(HavenTags.BACKUP_ID, "71", HavenTags.POLICY, "daily", HavenTags.COPY_OF,
                original.id()), null));

        assertThat(copy.id()).isEqualTo(original.id() + "-dr");
        assertThat(copy.region()).isEqualTo("eu-north-1");
        assertThat(copy.details()).containsEntry(HavenTags.COPY_OF, original.id());
        assertThat(type.poll(dr, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.COMPLETED);
        assertThat(type.findCopies(dr, "71")).singleElement().satisfies(found -> {
            assertThat(found.id()).isEqualTo(copy.id());
            assertThat(found.detail(HavenTags.COPY_OF)).isEqualTo(original.id());
        });
        assertThat(type.findByBackupId(dr, "71")).isEmpty();

        type.delete(dr, copy);
        assertThat(type.poll(dr, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.FAILED);
    }

    /**
     * Guide 11: the cluster snapshot is shared with the DR account (restore attribute), which copies it into itself
     * from the source's ARN, and tags it cpm_deleted there. moto serves the shared copy through the testing/moto
     * patch, and only after the share.
     */
    @Test
    void aSharedClusterSnapshotIsCopiedByTheDrAccountIntoItselfAndTaggedThere() {
        cluster("xacctcluster");
        Artifact original = type.startBackup(ctx, target("xacctcluster"), request("72", "daily")).get(0);
        io.haven.aws.AwsIdentity base = new io.haven.aws.AwsIdentity("account-1",
                new io.haven.aws.Credentials.StaticKeys("test", "test"));
        CloudContext vault = clients.context(new io.haven.aws.AwsIdentity("vault", new io.haven.aws.Credentials.AssumeRole(
                base, "arn:aws:iam::210987654321:role/HavenDr", "ext-1")), "eu-north-1");
        io.haven.api.target.CopyRequest copyRequest = new io.haven.api.target.CopyRequest("72", "daily",
                "Haven DR copy", Map.of(HavenTags.BACKUP_ID, "72", HavenTags.POLICY, "daily", HavenTags.COPY_OF,
                original.id()), null);
        assertThat(type.notSharedBecause()).isEmpty();
        assertThatThrownBy(() -> type.startCopy(ctx, vault, original, copyRequest)).as("not shared yet")
                .isInstanceOf(RuntimeException.class);

        type.share(ctx, original, "210987654321");
        Artifact copy = type.startCopy(ctx, vault, original, copyRequest);

        // recovery in the account it was shared with (guide 10.5): that account restores it by its ARN
        Artifact there = type.sharedAs(ctx, original);
        assertThat(there.id()).startsWith("arn:aws:rds:" + REGION + ":").endsWith(":cluster-snapshot:" + original.id());
        CloudContext vaultHere = clients.context(new io.haven.aws.AwsIdentity("vault-here",
                new io.haven.aws.Credentials.AssumeRole(base, "arn:aws:iam::210987654321:role/HavenDr", "ext-1")), REGION);
        software.amazon.awssdk.services.rds.RdsClient vaultHereRds =
                vaultHere.client(software.amazon.awssdk.services.rds.RdsClient.class);
        vaultHereRds.restoreDBClusterFromSnapshot(b -> b.dbClusterIdentifier("xacct-restored")
                .snapshotIdentifier(there.id()).engine("aurora-postgresql"));
        assertThat(vaultHereRds.describeDBClusters(b -> b.dbClusterIdentifier("xacct-restored")).dbClusters())
                .singleElement().satisfies(c -> assertThat(c.dbClusterArn()).contains(":210987654321:"));

        software.amazon.awssdk.services.rds.RdsClient vaultRds = vault.client(software.amazon.awssdk.services.rds.RdsClient.class);
        String arn = vaultRds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(copy.id()))
                .dbClusterSnapshots().get(0).dbClusterSnapshotArn();
        assertThat(arn).contains(":210987654321:");
        type.tag(vault, copy, Map.of(HavenTags.CPM_DELETED, "2026-12-07T03:00:00Z"));
        assertThat(vaultRds.listTagsForResource(b -> b.resourceName(arn)).tagList())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("cpm_deleted=2026-12-07T03:00:00Z"));
        type.delete(vault, copy);
        assertThat(type.poll(vault, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.FAILED);
    }

    private static void cluster(String id) {
        rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password"));
    }

    private static TargetSpec target(String clusterId) {
        return new TargetSpec("aurora-cluster", REGION, clusterId, Map.of());
    }

    private static BackupRequest request(String backupId, String policy) {
        return new BackupRequest(backupId, policy, "Haven backup " + backupId + " of policy " + policy,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, policy));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
