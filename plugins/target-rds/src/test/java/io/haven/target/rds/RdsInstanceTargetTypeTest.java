package io.haven.target.rds;

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
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MotoExtension.class)
class RdsInstanceTargetTypeTest {

    private static final String REGION = "eu-west-1";
    private static final String ZONE = "eu-west-1b";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RdsClient rds;
    private final TargetType type = new RdsInstanceTargetType();

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

    /** Guide 13: RDS databases opt in to tag scans; only those tagged cpm backup are found. */
    @Test
    void findsTheDatabasesTaggedCpmBackup() {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("tagged-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(5).availabilityZone(ZONE).masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("cpm backup", "web new:gold")));
        instance("untagged-db", 5);

        List<Resource> found = type.findTagged(ctx, "cpm backup");

        assertThat(type.scansTags()).isTrue();
        assertThat(found).extracting(Resource::id).contains("tagged-db").doesNotContain("untagged-db");
        assertThat(found).filteredOn(r -> r.id().equals("tagged-db")).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web new:gold"));
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("rds-instance");
        assertThat(type.displayName()).isEqualTo("RDS database");
    }

    @Test
    void discoversInstancesButNotClusterMembers() {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).availabilityZone(ZONE).masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("Name", "Orders database"), tag("env", "prod")));
        instance("plain", 5);
        rds.createDBCluster(b -> b.dbClusterIdentifier("analytics").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("analytics-writer").engine("aurora-postgresql")
                .dbInstanceClass("db.r5.large").dbClusterIdentifier("analytics"));

        Map<String, Resource> found = type.discover(ctx).stream().collect(Collectors.toMap(Resource::id, r -> r));

        assertThat(found).containsKeys("orders", "plain").doesNotContainKey("analytics-writer");
        Resource orders = found.get("orders");
        assertThat(orders.type()).isEqualTo("rds-instance");
        assertThat(orders.region()).isEqualTo(REGION);
        assertThat(orders.name()).isEqualTo("Orders database");
        assertThat(orders.tags()).containsEntry("env", "prod");
        assertThat(orders.attributes()).containsEntry("engine", "postgres").containsEntry("status", "available")
                .containsEntry("sizeGiB", "20").containsEntry("zone", ZONE).containsEntry("multiAz", "false")
                .containsEntry("instanceClass", "db.t3.micro");
        assertThat(found.get("plain").name()).isEqualTo("plain");
    }

    @Test
    void backsUpAnInstanceAsOneTaggedManualSnapshot() {
        instance("billing", 30);

        List<Artifact> artifacts = type.startBackup(ctx, target("billing"), request("101", "Nightly (prod)"));

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.kind()).isEqualTo("rds-snapshot");
            assertThat(artifact.id()).isEqualTo("haven-nightly-prod-billing-101");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo("billing");
            assertThat(artifact.details()).containsEntry("engine", "postgres").containsEntry("sizeGiB", "30")
                    .containsEntry("zone", ZONE).containsEntry("instanceClass", "db.t3.micro")
                    .containsEntry("multiAz", "false").containsEntry("port", "5432");
        });
        DBSnapshot snapshot = snapshot(artifacts.get(0).id());
        assertThat(snapshot.dbInstanceIdentifier()).isEqualTo("billing");
        assertThat(snapshot.snapshotType()).isEqualTo("manual");
        Map<String, String> tags = RdsTags.toMap(
                rds.listTagsForResource(b -> b.resourceName(snapshot.dbSnapshotArn())).tagList());
        assertThat(tags).containsEntry(HavenTags.BACKUP_ID, "101")
                .containsEntry(HavenTags.POLICY, "Nightly _prod_")
                .containsEntry("Name", "Nightly _prod_-billing")
                .containsEntry("haven:target-type", "rds-instance")
                .containsEntry("haven:detail:instanceClass", "db.t3.micro");
        assertThat(type.poll(ctx, artifacts.get(0))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void aMuchTaggedInstanceKeepsHavensTagsAndLogsTheTagsLeftOff() {
        // RDS allows 50 tags per snapshot as EC2 does; moto does not check, so the tags sent are counted
        instance("tagged", 5);
        String arn = rds.describeDBInstances(b -> b.dbInstanceIdentifier("tagged")).dbInstances().get(0).dbInstanceArn();
        List<Tag> many = new java.util.ArrayList<>();
        for (int i = 10; i < 55; i++) {
            many.add(tag("team-" + i, "v" + i));
        }
        rds.addTagsToResource(b -> b.resourceName(arn).tags(many));
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

        Artifact artifact = type.startBackup(ctx, target("tagged"), new BackupRequest("601", "daily", "Haven backup",
                Map.of(HavenTags.BACKUP_ID, "601", HavenTags.POLICY, "daily"), log)).get(0);

        Map<String, String> tags = RdsTags.toMap(rds.listTagsForResource(b -> b.resourceName(
                snapshot(artifact.id()).dbSnapshotArn())).tagList());
        assertThat(tags).hasSize(50).containsEntry(HavenTags.BACKUP_ID, "601").containsKey("haven:detail:engine")
                .containsEntry("haven:detail:tag.team-10", "v10").doesNotContainKey("haven:detail:tag.team-54");
        int omitted = Integer.parseInt(artifact.detail("tagsOmitted"));
        assertThat(warnings).singleElement().satisfies(line -> assertThat(line)
                .startsWith("The snapshot of RDS instance tagged carries Haven's details first and has no room for "
                        + omitted + " of its tags").endsWith("team-53, team-54"));
    }

    @Test
    void findsExactlyTheRunsSnapshots() {
        instance("first", 5);
        instance("second", 5);
        Artifact a = type.startBackup(ctx, target("first"), request("201", "daily")).get(0);
        Artifact b = type.startBackup(ctx, target("second"), request("201", "daily")).get(0);
        type.startBackup(ctx, target("first"), request("202", "daily"));
        rds.createDBSnapshot(s -> s.dbInstanceIdentifier("second").dbSnapshotIdentifier("by-hand")
                .tags(tag(HavenTags.BACKUP_ID, "201")));

        assertThat(type.findByBackupId(ctx, "201")).containsExactlyInAnyOrder(a, b);
        assertThat(type.findByBackupId(ctx, "299")).isEmpty();
    }

    @Test
    void deleteRemovesTheSnapshotAndToleratesItsAbsence() {
        instance("scratch", 5);
        Artifact artifact = type.startBackup(ctx, target("scratch"), request("301", "daily")).get(0);

        type.delete(ctx, artifact);

        assertThat(rds.describeDBSnapshots(b -> b.dbInstanceIdentifier("scratch")).dbSnapshots())
                .extracting(DBSnapshot::dbSnapshotIdentifier).doesNotContain(artifact.id());
        assertThatCode(() -> type.delete(ctx, artifact)).doesNotThrowAnyException();
        ArtifactStatus gone = type.poll(ctx, artifact);
        assertThat(gone.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(gone.message()).contains(artifact.id());
    }

    @Test
    void missingInstanceIsTargetNotFound() {
        assertThatThrownBy(() -> type.startBackup(ctx, target("no-such-db"), request("401", "daily")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("no-such-db");
    }

    @Test
    void clusterMembersAreRefused() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("members").engine("aurora-mysql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("members-writer").engine("aurora-mysql")
                .dbInstanceClass("db.r5.large").dbClusterIdentifier("members"));

        assertThatThrownBy(() -> type.startBackup(ctx, target("members-writer"), request("501", "daily")))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessageContaining("members");
    }

    @Test
    void validateAcceptsRdsIdentifiersWithoutOptions() {
        assertThatCode(() -> type.validate(target("orders-db-1"))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(target("a"))).doesNotThrowAnyException();
    }

    @Test
    void validateRejectsBadIdentifiersAndAnyOption() {
        for (String bad : new String[] {"", "1db", "db-", "db--1", "Orders", "db_1", "a".repeat(64)}) {
            assertThatThrownBy(() -> type.validate(target(bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("resourceId"));
        }
        assertThatThrownBy(() -> type.validate(new TargetSpec("rds-instance", REGION, null, Map.of())))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> type.validate(new TargetSpec("rds-instance", REGION, "orders", Map.of("copyTags", "yes"))))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.field()).isEqualTo("options");
                    assertThat(e.getMessage()).contains("copyTags");
                });
    }

    /** Guide 10: a DB snapshot is copied to the DR region from its ARN, tagged at creation, and deleted there. */
    @Test
    void copiesASnapshotToTheDrRegionTaggedAtCreation() {
        instance("drdb", 5);
        Artifact original = type.startBackup(ctx, target("drdb"), request("701", "daily")).get(0);
        CloudContext dr = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")),
                "eu-central-1");
        assertThat(type.notCopiedBecause()).isEmpty();

        Artifact copy = type.startCopy(ctx, dr, original, new io.haven.api.target.CopyRequest("701", "daily",
                "Haven DR copy", Map.of(HavenTags.BACKUP_ID, "701", HavenTags.POLICY, "daily", HavenTags.COPY_OF,
                original.id()), null));

        assertThat(copy.id()).isEqualTo(original.id() + "-dr");
        assertThat(copy.region()).isEqualTo("eu-central-1");
        assertThat(copy.details()).containsEntry(HavenTags.COPY_OF, original.id())
                .containsAllEntriesOf(original.details());
        RdsClient drRds = dr.client(RdsClient.class);
        DBSnapshot described = drRds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(copy.id())).dbSnapshots().get(0);
        Map<String, String> tags = RdsTags.toMap(drRds.listTagsForResource(b -> b.resourceName(described.dbSnapshotArn()))
                .tagList());
        assertThat(tags).containsEntry(HavenTags.BACKUP_ID, "701").containsEntry(HavenTags.COPY_OF, original.id())
                .containsEntry("haven:target-type", "rds-instance");
        assertThat(type.poll(dr, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.COMPLETED);
        assertThat(type.findCopies(dr, "701")).containsExactly(copy);
        assertThat(type.findByBackupId(dr, "701")).isEmpty();

        type.delete(dr, copy);
        assertThat(type.poll(dr, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.FAILED);
        assertThat(snapshot(original.id())).isNotNull();
    }

    /**
     * Guide 11: the snapshot is shared with the DR account (its restore attribute), which copies it into itself from
     * the source's ARN; the copy is tagged cpm_deleted there. moto serves the shared copy through the testing/moto
     * patch, and only after the share.
     */
    @Test
    void aSharedSnapshotIsCopiedByTheDrAccountIntoItselfAndTaggedThere() {
        instance("xacctdb", 5);
        Artifact original = type.startBackup(ctx, target("xacctdb"), request("702", "daily")).get(0);
        AwsIdentity base = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
        CloudContext vault = clients.context(new AwsIdentity("vault", new Credentials.AssumeRole(base,
                "arn:aws:iam::210987654321:role/HavenDr", "ext-1")), "eu-central-1");
        io.haven.api.target.CopyRequest copyRequest = new io.haven.api.target.CopyRequest("702", "daily",
                "Haven DR copy", Map.of(HavenTags.BACKUP_ID, "702", HavenTags.POLICY, "daily", HavenTags.COPY_OF,
                original.id()), null);
        assertThat(type.notSharedBecause()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> type.startCopy(ctx, vault, original, copyRequest))
                .as("not shared yet").isInstanceOf(RuntimeException.class);

        type.share(ctx, original, "210987654321");
        assertThat(ctx.client(RdsClient.class).describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(original.id()))
                .dbSnapshotAttributesResult().dbSnapshotAttributes()).filteredOn(a -> a.attributeName().equals("restore"))
                .singleElement().satisfies(a -> assertThat(a.attributeValues()).containsExactly("210987654321"));
        Artifact copy = type.startCopy(ctx, vault, original, copyRequest);

        RdsClient vaultRds = vault.client(RdsClient.class);
        DBSnapshot described = vaultRds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(copy.id())).dbSnapshots().get(0);
        assertThat(described.dbSnapshotArn()).contains(":210987654321:");
        assertThat(type.findCopies(vault, "702")).containsExactly(copy);
        type.tag(vault, copy, Map.of(HavenTags.CPM_DELETED, "2026-12-07T03:00:00Z"));
        Map<String, String> tags = RdsTags.toMap(vaultRds.listTagsForResource(b -> b.resourceName(
                described.dbSnapshotArn())).tagList());
        assertThat(tags).containsEntry(HavenTags.CPM_DELETED, "2026-12-07T03:00:00Z")
                .containsEntry(HavenTags.COPY_OF, original.id());
        type.delete(vault, copy);
        assertThat(type.poll(vault, copy).state()).isEqualTo(io.haven.api.target.ArtifactStatus.State.FAILED);
    }

    private static void instance(String id, int sizeGiB) {
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(sizeGiB).availabilityZone(ZONE).masterUsername("admin").masterUserPassword("secret-password"));
    }

    private static DBSnapshot snapshot(String id) {
        return rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(id)).dbSnapshots().get(0);
    }

    private static TargetSpec target(String instanceId) {
        return new TargetSpec("rds-instance", REGION, instanceId, Map.of());
    }

    private static BackupRequest request(String backupId, String policy) {
        return new BackupRequest(backupId, policy, "Haven backup " + backupId + " of policy " + policy,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, policy));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
