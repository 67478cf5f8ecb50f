package io.haven.target.rds;

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
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Issue 13, goal 3, through {@link AwsBehaviourProxy}, which counts calls per action: the states of 201 DB snapshots
 * take three DescribeDBSnapshots (100 identifiers each at most) and no ListTagsForResource, and finding a run's
 * snapshots lists the manual snapshots once, reading their tags from that answer.
 */
@ExtendWith(MotoExtension.class)
class BatchCallsTest {

    private static final String REGION = "eu-west-1";
    private static final String INSTANCE = "batch-db";
    private static final int SNAPSHOTS = 201;

    private static AwsBehaviourProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static final List<Artifact> artifacts = new ArrayList<>();
    private final TargetType type = new RdsInstanceTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new AwsBehaviourProxy(moto.endpoint());
        proxy.buckets().enforce(false);
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("batch", new Credentials.StaticKeys("test", "test")), REGION);
        RdsClient rds = ctx.client(RdsClient.class);
        rds.createDBInstance(b -> b.dbInstanceIdentifier(INSTANCE).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(5).masterUsername("admin").masterUserPassword("secret-password"));
        TargetType type = new RdsInstanceTargetType();
        for (int i = 1; i <= SNAPSHOTS; i++) {
            artifacts.addAll(type.startBackup(ctx, new TargetSpec(RdsInstanceTargetType.ID, REGION, INSTANCE, Map.of()),
                    request(String.valueOf(i))));
        }
        // snapshots that are not Haven's, one of them without tags and named as Haven names its own
        rds.createDBSnapshot(b -> b.dbInstanceIdentifier(INSTANCE).dbSnapshotIdentifier("someone-elses"));
        rds.createDBSnapshot(b -> b.dbInstanceIdentifier(INSTANCE).dbSnapshotIdentifier("haven-untagged-1"));
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

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBSnapshots", 3));
        assertThat(proxy.requests("DescribeDBSnapshots")).allSatisfy(params -> {
            assertThat(params).containsEntry("Filters.Filter.1.Name", "db-snapshot-id");
            assertThat(params.keySet().stream().filter(k -> k.startsWith("Filters.Filter.1.Values.")).count())
                    .isBetween(1L, 100L);
        });
        assertThat(states).hasSize(SNAPSHOTS).containsOnlyKeys(artifacts.stream().map(Artifact::id).toList())
                .allSatisfy((id, state) -> assertThat(state).isEqualTo(ArtifactStatus.completed()));
    }

    @Test
    void aSnapshotThatIsGoneIsLeftOutAndTheOthersAreJudgedAsPollJudgesThem() {
        List<Artifact> some = new ArrayList<>(artifacts.subList(0, 3));
        Artifact gone = new Artifact(RdsInstanceTargetType.KIND, "haven-batch-db-gone", REGION, INSTANCE, Map.of());
        some.add(1, gone);

        Map<String, ArtifactStatus> states = type.pollAll(ctx, some);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBSnapshots", 1));
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
        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeDBSnapshots", 1));
        assertThat(proxy.requests("DescribeDBSnapshots").get(0)).containsEntry("SnapshotType", "manual");
    }

    @Test
    void aLostAnswerIsSettledWithOneDescribeAndNoTagLookup() {
        BackupRequest again = request("7").asResumed();

        List<Artifact> adopted = type.startBackup(ctx, new TargetSpec(RdsInstanceTargetType.ID, REGION, INSTANCE,
                Map.of()), again);

        assertThat(adopted).extracting(Artifact::id).containsExactly(artifacts.get(6).id());
        assertThat(proxy.calls("ListTagsForResource")).isZero();
        assertThat(proxy.calls("CreateDBSnapshot")).isZero();
    }

    /** AWS documents TagList in every DescribeDBSnapshots answer; were it missing, only a Haven-named snapshot is asked. */
    @Test
    void tagsMissingFromAnAnswerAreLookedUpOnlyForSnapshotsHavenNamed() {
        RdsClient rds = ctx.client(RdsClient.class);
        Artifact ours = artifacts.get(0);
        DBSnapshot havens = DBSnapshot.builder().dbSnapshotIdentifier(ours.id())
                .dbSnapshotArn("arn:aws:rds:" + REGION + ":123456789012:snapshot:" + ours.id()).build();
        DBSnapshot elses = DBSnapshot.builder().dbSnapshotIdentifier("someone-elses")
                .dbSnapshotArn("arn:aws:rds:" + REGION + ":123456789012:snapshot:someone-elses").build();

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
