package io.haven.target.aurora;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.aws.rds.RdsSnapshots;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/**
 * Issue 13, goal 3, through {@link AwsBehaviourProxy}, which counts calls per action: the states of 201 DB cluster
 * snapshots take three DescribeDBClusterSnapshots (100 identifiers each at most) and no ListTagsForResource, and finding
 * a run's snapshots lists the manual snapshots once, reading their tags from that answer.
 */
@ExtendWith(MotoExtension.class)
class BatchCallsTest {

    private static final String REGION = "eu-west-1";
    private static final String CLUSTER = "batch-aurora";
    private static final int SNAPSHOTS = 201;

    private static AwsBehaviourProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static final List<Artifact> artifacts = new ArrayList<>();
    private final TargetType type = new AuroraClusterTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new AwsBehaviourProxy(moto.endpoint());
        proxy.buckets().enforce(false);
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("batch", new Credentials.StaticKeys("test", "test")), REGION);
        RdsClient rds = ctx.client(RdsClient.class);
        rds.createDBCluster(b -> b.dbClusterIdentifier(CLUSTER).engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        TargetType type = new AuroraClusterTargetType();
        for (int i = 1; i <= SNAPSHOTS; i++) {
            artifacts.addAll(type.startBackup(ctx, new TargetSpec(AuroraClusterTargetType.ID, REGION, CLUSTER, Map.of()),
                    request(String.valueOf(i))));
        }
        // snapshots that are not Haven's, one of them without tags and named as Haven names its own
        rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(CLUSTER).dbClusterSnapshotIdentifier("someone-elses"));
        rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(CLUSTER).dbClusterSnapshotIdentifier("haven-untagged-1"));
    }

    @AfterAll
    static void tearDown() {
        clients.close();
        proxy.close();
    }

    @BeforeEach
    void counts() {
        proxy.resetCounts();
    }

    @Test
    void twoHundredAndOneSnapshotsAreCheckedWithThreeCallsAndNoTagLookups() {
        Map<String, ArtifactStatus> states = type.pollAll(ctx, artifacts);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBClusterSnapshots", 3));
        assertThat(proxy.requests("DescribeDBClusterSnapshots")).allSatisfy(params -> {
            assertThat(params).containsEntry("Filters.Filter.1.Name", "db-cluster-snapshot-id");
            assertThat(params.keySet().stream().filter(k -> k.startsWith("Filters.Filter.1.Values.")).count())
                    .isBetween(1L, 100L);
        });
        assertThat(states).hasSize(SNAPSHOTS).containsOnlyKeys(artifacts.stream().map(Artifact::id).toList())
                .allSatisfy((id, state) -> assertThat(state).isEqualTo(ArtifactStatus.completed()));
    }

    @Test
    void aSnapshotThatIsGoneIsLeftOutAndTheOthersAreJudgedAsPollJudgesThem() {
        List<Artifact> some = new ArrayList<>(artifacts.subList(0, 3));
        Artifact gone = new Artifact(AuroraClusterTargetType.KIND, "haven-batch-aurora-gone", REGION, CLUSTER, Map.of());
        some.add(1, gone);

        Map<String, ArtifactStatus> states = type.pollAll(ctx, some);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBClusterSnapshots", 1));
        assertThat(states).doesNotContainKey(gone.id()).hasSize(3);
        Map<String, ArtifactStatus> one = new LinkedHashMap<>();
        some.forEach(a -> one.put(a.id(), type.poll(ctx, a)));
        assertThat(one.get(gone.id()).state()).isEqualTo(ArtifactStatus.State.FAILED);
        one.remove(gone.id());
        assertThat(states).isEqualTo(one);
    }

    @Test
    void findingARunsSnapshotsListsThemOnceAndLooksUpNoTags() {
        List<Artifact> found = type.findByBackupId(ctx, "7");

        assertThat(found).singleElement().satisfies(artifact -> {
            assertThat(artifact.id()).isEqualTo(artifacts.get(6).id());
            assertThat(artifact.details()).isEqualTo(artifacts.get(6).details());
        });
        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBClusterSnapshots", 1));
        assertThat(proxy.requests("DescribeDBClusterSnapshots").get(0)).containsEntry("SnapshotType", "manual");
    }

    @Test
    void aLostAnswerIsSettledWithOneDescribeAndNoTagLookup() {
        BackupRequest again = request("7").asResumed();

        List<Artifact> adopted = type.startBackup(ctx, new TargetSpec(AuroraClusterTargetType.ID, REGION, CLUSTER,
                Map.of()), again);

        assertThat(adopted).extracting(Artifact::id).containsExactly(artifacts.get(6).id());
        assertThat(proxy.calls("ListTagsForResource")).isZero();
        assertThat(proxy.calls("CreateDBClusterSnapshot")).isZero();
    }

    /** AWS documents TagList in every DescribeDBClusterSnapshots answer; were it missing, only a Haven-named snapshot is asked. */
    @Test
    void tagsMissingFromAnAnswerAreLookedUpOnlyForSnapshotsHavenNamed() {
        RdsClient rds = ctx.client(RdsClient.class);
        Artifact ours = artifacts.get(0);
        DBClusterSnapshot havens = DBClusterSnapshot.builder().dbClusterSnapshotIdentifier(ours.id())
                .dbClusterSnapshotArn("arn:aws:rds:" + REGION + ":123456789012:cluster-snapshot:" + ours.id()).build();
        DBClusterSnapshot elses = DBClusterSnapshot.builder().dbClusterSnapshotIdentifier("someone-elses")
                .dbClusterSnapshotArn("arn:aws:rds:" + REGION + ":123456789012:cluster-snapshot:someone-elses").build();

        assertThat(RdsSnapshots.tags(rds, elses)).isEmpty();
        assertThat(proxy.totalCalls()).isZero();
        assertThat(RdsSnapshots.tags(rds, havens)).containsEntry(HavenTags.BACKUP_ID, "1");
        assertThat(proxy.calls()).containsExactly(Map.entry("ListTagsForResource", 1));
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "batch", "Haven backup " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "batch"));
    }
}
