package io.haven.target.redshift;

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
import software.amazon.awssdk.services.redshift.RedshiftClient;

/**
 * Issue 13, goal 3, through {@link AwsBehaviourProxy}, which counts calls per action (moto honours the tag filters,
 * the sort and the pages through {@code AwsBehaviourPatches}): DescribeClusterSnapshots cannot filter by snapshot
 * identifiers, so the states of the newest 120 of this type's 270 snapshots take the two pages of 100 that hold
 * them, newest first, not the three that list them all; finding a run's snapshots is one call by its tag.
 */
@ExtendWith(MotoExtension.class)
class BatchCallsTest {

    private static final String REGION = "eu-west-1";
    private static final String CLUSTER = "batch-warehouse";
    private static final int OLDER = 150;
    private static final int NEWER = 120;

    private static AwsBehaviourProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static final List<Artifact> older = new ArrayList<>();
    private static final List<Artifact> newer = new ArrayList<>();
    private final TargetType type = new RedshiftClusterTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new AwsBehaviourProxy(moto.endpoint());
        proxy.buckets().enforce(false);
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("batch", new Credentials.StaticKeys("test", "test")), REGION);
        ctx.awsAccountId();
        RedshiftClient redshift = ctx.client(RedshiftClient.class);
        redshift.createCluster(b -> b.clusterIdentifier(CLUSTER).nodeType("dc2.large").clusterType("single-node")
                .masterUsername("admin").masterUserPassword("Secret-password1"));
        TargetType type = new RedshiftClusterTargetType();
        TargetSpec target = new TargetSpec(RedshiftClusterTargetType.ID, REGION, CLUSTER, Map.of());
        for (int i = 1; i <= OLDER + NEWER; i++) {
            (i <= OLDER ? older : newer).addAll(type.startBackup(ctx, target, request(String.valueOf(i))));
            if (i % 50 == 0) {
                // snapshots that are not Haven's, among Haven's
                String id = "by-hand-" + i;
                redshift.createClusterSnapshot(b -> b.clusterIdentifier(CLUSTER).snapshotIdentifier(id));
            }
        }
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
    void theNewestSnapshotsAreCheckedWithThePagesThatHoldThem() {
        Map<String, ArtifactStatus> states = type.pollAll(ctx, newer);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeClusterSnapshots", 2));
        assertThat(proxy.requests("DescribeClusterSnapshots")).allSatisfy(params -> assertThat(params)
                .containsEntry("SnapshotType", "manual")
                .containsEntry("MaxRecords", "100")
                .containsEntry("OwnerAccount", ctx.awsAccountId())
                .containsEntry("TagKeys.TagKey.1", "haven:target-type")
                .containsEntry("TagValues.TagValue.1", RedshiftClusterTargetType.ID)
                .containsEntry("SortingEntities.SnapshotSortingEntity.1.Attribute", "CREATE_TIME")
                .containsEntry("SortingEntities.SnapshotSortingEntity.1.SortOrder", "DESC"));
        assertThat(states).containsOnlyKeys(newer.stream().map(Artifact::id).toList())
                .allSatisfy((id, state) -> assertThat(state).isEqualTo(ArtifactStatus.completed()));
    }

    @Test
    void aSnapshotThatIsGoneIsLeftOutAfterTheWholeListingAndTheOthersAreJudgedAsPollJudgesThem() {
        List<Artifact> some = new ArrayList<>(List.of(newer.get(5), older.get(0)));
        Artifact gone = new Artifact(RedshiftClusterTargetType.KIND, "haven-batch-gone", REGION, CLUSTER, Map.of());
        some.add(1, gone);

        Map<String, ArtifactStatus> states = type.pollAll(ctx, some);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeClusterSnapshots", 3));
        assertThat(states).doesNotContainKey(gone.id()).hasSize(2);
        Map<String, ArtifactStatus> one = new LinkedHashMap<>();
        some.forEach(a -> one.put(a.id(), type.poll(ctx, a)));
        assertThat(one.get(gone.id()).state()).isEqualTo(ArtifactStatus.State.FAILED);
        one.remove(gone.id());
        assertThat(states).isEqualTo(one);
    }

    @Test
    void findingARunsSnapshotsIsOneCallByItsTag() {
        List<Artifact> found = type.findByBackupId(ctx, "7");

        assertThat(found).singleElement().satisfies(artifact -> {
            assertThat(artifact.id()).isEqualTo(older.get(6).id());
            assertThat(artifact.details()).isEqualTo(older.get(6).details());
        });
        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeClusterSnapshots", 1));
        assertThat(proxy.requests("DescribeClusterSnapshots").get(0))
                .containsEntry("TagKeys.TagKey.1", HavenTags.BACKUP_ID).containsEntry("TagValues.TagValue.1", "7");
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "batch", "Haven backup " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "batch"));
    }
}
