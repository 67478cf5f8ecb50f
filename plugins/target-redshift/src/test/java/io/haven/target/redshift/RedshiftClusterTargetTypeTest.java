package io.haven.target.redshift;

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
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Snapshot;
import software.amazon.awssdk.services.redshift.model.Tag;

@ExtendWith(MotoExtension.class)
class RedshiftClusterTargetTypeTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RedshiftClient redshift;
    private final TargetType type = new RedshiftClusterTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        redshift = ctx.client(RedshiftClient.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    /** Guide 13: Redshift clusters opt in to tag scans; DescribeClusters with TagKeys finds only the tagged. */
    @Test
    void findsTheClustersTaggedCpmBackup() {
        redshift.createCluster(b -> b.clusterIdentifier("tagged-warehouse").nodeType("dc2.large").clusterType("single-node")
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd").tags(tag("cpm backup", "web new:gold")));
        cluster("untagged-warehouse");

        List<Resource> found = type.findTagged(ctx, "cpm backup");

        assertThat(type.scansTags()).isTrue();
        assertThat(found).extracting(Resource::id).contains("tagged-warehouse").doesNotContain("untagged-warehouse");
        assertThat(found).filteredOn(r -> r.id().equals("tagged-warehouse")).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web new:gold"));
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("redshift-cluster");
        assertThat(type.displayName()).isEqualTo("Redshift cluster");
    }

    @Test
    void discoversClustersWithNodeTypeNodesAndStatus() {
        redshift.createCluster(b -> b.clusterIdentifier("warehouse").nodeType("dc2.large").clusterType("multi-node")
                .numberOfNodes(3).masterUsername("admin").masterUserPassword("Secret-Passw0rd")
                .tags(tag("Name", "Warehouse"), tag("env", "prod")));
        cluster("single");

        Map<String, Resource> found = type.discover(ctx).stream().collect(Collectors.toMap(Resource::id, r -> r));

        Resource warehouse = found.get("warehouse");
        assertThat(warehouse.type()).isEqualTo("redshift-cluster");
        assertThat(warehouse.region()).isEqualTo(REGION);
        assertThat(warehouse.name()).isEqualTo("Warehouse");
        assertThat(warehouse.tags()).containsEntry("env", "prod");
        assertThat(warehouse.attributes()).containsEntry("nodeType", "dc2.large").containsEntry("numberOfNodes", "3")
                .containsEntry("status", "available");
        assertThat(found.get("single").name()).isEqualTo("single");
        assertThat(found.get("single").attributes()).containsEntry("numberOfNodes", "1");
    }

    @Test
    void backsUpAClusterAsOneTaggedManualSnapshot() {
        cluster("reports");

        List<Artifact> artifacts = type.startBackup(ctx, target("reports"), request("61", "Daily"));

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.kind()).isEqualTo("redshift-snapshot");
            assertThat(artifact.id()).isEqualTo("haven-daily-reports-61");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo("reports");
            assertThat(artifact.details()).containsEntry("nodeType", "dc2.large").containsEntry("numberOfNodes", "1")
                    .containsEntry("port", "5439");
        });
        Snapshot snapshot = snapshot(artifacts.get(0).id());
        assertThat(snapshot.clusterIdentifier()).isEqualTo("reports");
        assertThat(snapshot.snapshotType()).isEqualTo("manual");
        assertThat(RedshiftResources.toMap(snapshot.tags())).containsEntry(HavenTags.BACKUP_ID, "61")
                .containsEntry(HavenTags.POLICY, "Daily").containsEntry("Name", "Daily-reports")
                .containsEntry("haven:target-type", "redshift-cluster")
                .containsEntry("haven:detail:nodeType", "dc2.large");
        assertThat(type.poll(ctx, artifacts.get(0))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void findsExactlyTheRunsSnapshots() {
        cluster("north");
        cluster("south");
        cluster("untouched");
        Artifact a = type.startBackup(ctx, target("north"), request("71", "daily")).get(0);
        Artifact b = type.startBackup(ctx, target("south"), request("71", "daily")).get(0);
        type.startBackup(ctx, target("north"), request("72", "daily"));
        redshift.createClusterSnapshot(s -> s.clusterIdentifier("south").snapshotIdentifier("by-hand")
                .tags(tag(HavenTags.BACKUP_ID, "71")));

        assertThat(type.findByBackupId(ctx, "71")).containsExactlyInAnyOrder(a, b);
        assertThat(type.findByBackupId(ctx, "79")).isEmpty();
    }

    @Test
    void deleteRemovesTheSnapshotAndToleratesItsAbsence() {
        cluster("scratch");
        Artifact artifact = type.startBackup(ctx, target("scratch"), request("81", "daily")).get(0);

        type.delete(ctx, artifact);

        assertThat(redshift.describeClusterSnapshots(b -> b.snapshotType("manual")).snapshots())
                .extracting(Snapshot::snapshotIdentifier).doesNotContain(artifact.id());
        assertThatCode(() -> type.delete(ctx, artifact)).doesNotThrowAnyException();
        ArtifactStatus gone = type.poll(ctx, artifact);
        assertThat(gone.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(gone.message()).contains(artifact.id());
    }

    @Test
    void missingClusterIsTargetNotFound() {
        assertThatThrownBy(() -> type.startBackup(ctx, target("no-such-cluster"), request("91", "daily")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("no-such-cluster");
    }

    @Test
    void validateAcceptsClusterIdentifiersWithoutOptions() {
        assertThatCode(() -> type.validate(target("warehouse-1"))).doesNotThrowAnyException();
    }

    @Test
    void validateRejectsBadIdentifiersAndAnyOption() {
        for (String bad : new String[] {"", "1warehouse", "warehouse-", "ware--house", "Warehouse", "ware_house",
                "w".repeat(64)}) {
            assertThatThrownBy(() -> type.validate(target(bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("resourceId"));
        }
        assertThatThrownBy(() -> type.validate(new TargetSpec("redshift-cluster", REGION, "warehouse", Map.of("nodes", "2"))))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.field()).isEqualTo("options");
                    assertThat(e.getMessage()).contains("nodes");
                });
    }

    private static void cluster(String id) {
        redshift.createCluster(b -> b.clusterIdentifier(id).nodeType("dc2.large").clusterType("single-node")
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
    }

    private static Snapshot snapshot(String id) {
        return redshift.describeClusterSnapshots(b -> b.snapshotIdentifier(id)).snapshots().stream()
                .filter(s -> s.snapshotIdentifier().equals(id)).findFirst().orElseThrow();
    }

    private static TargetSpec target(String clusterId) {
        return new TargetSpec("redshift-cluster", REGION, clusterId, Map.of());
    }

    private static BackupRequest request(String backupId, String policy) {
        return new BackupRequest(backupId, policy, "Haven backup " + backupId + " of policy " + policy,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, policy));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
