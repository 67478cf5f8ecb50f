package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.CloudContext;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine checks a run's pending artifacts through the types' batch form, at most 200 per call and one type
 * and region per call (issue 13: a run of N volumes makes at most ceil(N/200) status calls per poll round), and
 * a type that only has the single form is still polled one by one.
 */
class BatchedPollingTest {

    /** A fake type that answers many artifacts at once and notes each batch's size and region. */
    static final class BatchingFake extends FakeTargetType {
        final List<String> batches = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> leftOut = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> startBatches = new CopyOnWriteArrayList<>();

        @Override
        public List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
            startBatches.add(ctx.region() + ":" + targets.size());
            List<TargetStart> starts = new java.util.ArrayList<>();
            for (TargetSpec target : targets) {
                try {
                    starts.add(TargetStart.started(target, startBackup(ctx, target, request)));
                } catch (RuntimeException e) {
                    starts.add(TargetStart.failed(target, e));
                }
            }
            return starts;
        }

        @Override
        public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
            batches.add(ctx.region() + ":" + artifacts.size());
            assertThat(artifacts).allMatch(a -> a.region().equals(ctx.region()));
            Map<String, ArtifactStatus> states = new java.util.LinkedHashMap<>();
            for (Artifact artifact : artifacts) {
                if (!leftOut.containsKey(artifact.resourceId())) {
                    states.put(artifact.id(), poll(ctx, artifact));
                }
            }
            return states;
        }
    }

    private final BatchingFake fake = new BatchingFake();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ExecutorService runs = Executors.newCachedThreadPool();
    private HavenStore store;
    private BackupEngine engine;
    @TempDir
    Path scriptsFolder;

    @BeforeEach
    void setUp() {
        types.addTargetType(fake);
        store = TestStores.fresh();
        engine = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor, runs,
                Clock.systemUTC(), new BackupScripts(scriptsFolder, Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(50)));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        runs.shutdownNow();
    }

    @Test
    void pendingArtifactsAreCheckedTwoHundredAtATimePerRegion() {
        fake.pendingPolls = 2;
        long policyId = TestStores.policy(store, "many", 5, 0);
        for (int i = 0; i < 450; i++) {
            store.policies().addTarget(policyId, new TargetSpec(fake.id(), "us-east-1", "vol-" + i, Map.of()));
        }
        for (int i = 0; i < 30; i++) {
            store.policies().addTarget(policyId, new TargetSpec(fake.id(), "eu-west-1", "vol-eu-" + i, Map.of()));
        }
        Policy policy = store.policies().get(policyId).orElseThrow();

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        // three rounds (pending, pending, completed), each ceil(450/200) + ceil(30/200) calls
        assertThat(fake.batches).hasSize(3 * 4);
        assertThat(fake.batches.subList(0, 4)).containsExactlyInAnyOrder("us-east-1:200", "us-east-1:200",
                "us-east-1:50", "eu-west-1:30");
        assertThat(store.backups().artifacts(id)).hasSize(480)
                .allMatch(a -> a.state().equals(BackupRepository.COMPLETED));
        assertThat(fake.startBatches).containsExactlyInAnyOrder("us-east-1:200", "us-east-1:200", "us-east-1:50",
                "eu-west-1:30");
    }

    @Test
    void aBatchStartRecordsEachTargetsOwnOutcome() {
        fake.missingResources.add("vol-gone");
        long policyId = TestStores.policy(store, "mixed", 5, 0);
        for (String volume : List.of("vol-a", "vol-gone", "vol-b")) {
            store.policies().addTarget(policyId, new TargetSpec(fake.id(), "us-east-1", volume, Map.of()));
        }

        long id = engine.start(store.policies().get(policyId).orElseThrow(), BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(fake.startBatches).containsExactly("us-east-1:3");
        assertThat(store.backups().runTargets(id)).extracting(t -> t.resourceId() + "=" + t.state())
                .containsExactlyInAnyOrder("vol-a=" + BackupRepository.TARGET_STARTED,
                        "vol-gone=" + BackupRepository.TARGET_FAILED, "vol-b=" + BackupRepository.TARGET_STARTED);
        assertThat(store.backups().artifacts(id)).extracting(a -> a.artifact().resourceId())
                .containsExactlyInAnyOrder("vol-a", "vol-b");
    }

    @Test
    void anArtifactTheBatchLeavesOutIsCheckedOnItsOwn() {
        fake.leftOut.put("vol-b", true);
        long policyId = TestStores.policy(store, "partial", 5, 0);
        store.policies().addTarget(policyId, new TargetSpec(fake.id(), "us-east-1", "vol-a", Map.of()));
        store.policies().addTarget(policyId, new TargetSpec(fake.id(), "us-east-1", "vol-b", Map.of()));

        long id = engine.start(store.policies().get(policyId).orElseThrow(), BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(fake.batches).containsExactly("us-east-1:2");
        String b = store.backups().artifacts(id).stream().filter(a -> a.artifact().resourceId().equals("vol-b"))
                .findFirst().orElseThrow().artifact().id();
        assertThat(fake.pollsOf(b)).isEqualTo(1);
    }

    @Test
    void aTypeWithOnlyTheSingleFormIsPolledOneByOne() {
        FakeTargetType single = new FakeTargetType() {
            @Override
            public String id() {
                return "single-volume";
            }
        };
        types.addTargetType(single);
        long policyId = TestStores.policy(store, "single", 5, 0);
        store.policies().addTarget(policyId, new TargetSpec(single.id(), "us-east-1", "vol-a", Map.of()));
        store.policies().addTarget(policyId, new TargetSpec(single.id(), "us-east-1", "vol-b", Map.of()));

        long id = engine.start(store.policies().get(policyId).orElseThrow(), BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).allSatisfy(a -> assertThat(single.pollsOf(a.artifact().id())).isEqualTo(1));
        assertThat(fake.batches).isEmpty();
    }

    private Backup awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> store.backups().get(id).orElseThrow().status() != BackupStatus.IN_PROGRESS);
        return store.backups().get(id).orElseThrow();
    }
}
