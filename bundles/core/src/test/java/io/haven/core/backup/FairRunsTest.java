package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.HavenStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on the bounded run pool it gets in production (decision 0047). */
class FairRunsTest {

    /** Starts of resources named {@code slow-…} wait at a gate, as calls of a throttled account wait for its limiter. */
    private static final class GatedType extends FakeTargetType {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger waitingNow = new AtomicInteger();
        final AtomicInteger mostWaiting = new AtomicInteger();

        @Override
        public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
            if (target.resourceId().startsWith("slow-")) {
                mostWaiting.accumulateAndGet(waitingNow.incrementAndGet(), Math::max);
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    waitingNow.decrementAndGet();
                }
            }
            return super.startBackup(ctx, target, request);
        }
    }

    private final GatedType type = new GatedType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final List<FairExecutor> pools = new ArrayList<>();
    private HavenStore store;
    @TempDir
    Path scriptsFolder;

    @BeforeEach
    void setUp() {
        types.addTargetType(type);
        store = TestStores.fresh();
    }

    @AfterEach
    void tearDown() {
        type.gate.countDown();
        executor.shutdownNow();
        pools.forEach(FairExecutor::shutdownNow);
    }

    private BackupEngine engine(int threads, int share) {
        FairExecutor runs = new FairExecutor("Backup runs", threads, share, Polling.threads("fair-runs-test-"),
                Clock.systemUTC());
        pools.add(runs);
        return new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor, runs,
                Clock.systemUTC(), new BackupScripts(scriptsFolder, Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(20)), () -> io.haven.core.alert.AlertListener.NONE,
                io.haven.core.cluster.Node.single(store, Clock.systemUTC()));
    }

    @Test
    void anAccountWhoseStartsWaitHoldsOnlyItsShareAndTheOtherAccountsScheduledRunsAllEndMeanwhile() {
        BackupEngine engine = engine(4, 2);
        type.pendingPolls = 1; // so that each run is concluded on the pool too
        long throttled = TestStores.account(store);
        long other = TestStores.account(store);
        List<ScheduledStarter.Due> due = new ArrayList<>();
        Instant at = Instant.parse("2026-12-07T06:00:00Z");
        for (int i = 0; i < 8; i++) {
            due.add(new ScheduledStarter.Due(policy(throttled, "throttled-" + i, "slow-" + i), at));
        }
        for (int i = 0; i < 8; i++) {
            due.add(new ScheduledStarter.Due(policy(other, "other-" + i, "fast-" + i), at));
        }

        List<Long> ids = engine.startScheduled(due).stream().map(s -> s.id()).toList();

        List<Long> throttledRuns = ids.subList(0, 8);
        List<Long> otherRuns = ids.subList(8, 16);
        // queued behind all of the throttled account's runs, yet each ends while those wait
        assertThat(otherRuns).allSatisfy(id -> assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL));
        assertThat(type.waitingNow).as("the throttled account's share of the 4 threads").hasValue(2);
        assertThat(throttledRuns).allSatisfy(id ->
                assertThat(store.backups().get(id).orElseThrow().status()).isEqualTo(BackupStatus.IN_PROGRESS));

        type.gate.countDown();
        assertThat(throttledRuns).allSatisfy(id -> assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL));
        assertThat(type.mostWaiting).hasValue(2);
    }

    @Test
    void noStepOfARunWaitsForAnotherOnThePoolSoOneThreadCarriesEveryKindOfStep() {
        // Were a step to wait for another step on the pool (a start waiting for its targets' starts, the reconciliation
        // for what it resumes), one thread would wait for ever.
        BackupEngine engine = engine(1, 1);
        type.pendingPolls = 2;
        long account = TestStores.account(store);
        Policy interrupted = policy(account, "interrupted", "vol-1", "vol-2");
        long left = store.backups().start(interrupted.id(), account, "interrupted", BackupTrigger.MANUAL, 1,
                Instant.now()).orElseThrow();
        FairExecutor pool = pools.get(0);
        pool.execute("reconciling", engine::reconcile); // as BackupEngineComponent does at its start
        List<Long> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(engine.start(policy(account, "manual-" + i, "vol-m" + i), BackupTrigger.MANUAL, 1));
        }

        assertThat(awaitEnd(left).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(type.resumedStarts).containsExactlyInAnyOrder("vol-1", "vol-2");
        assertThat(started).allSatisfy(id -> assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL));
    }

    @Test
    void thePoolsSizeComesFromTheCoreConfigurationWithHalfTheThreadsForOneAccountByDefault() {
        FairExecutor defaults = BackupEngineComponent.runPool(config(Map.of()), Clock.systemUTC());
        FairExecutor odd = BackupEngineComponent.runPool(config(Map.of("runThreads", 5)), Clock.systemUTC());
        FairExecutor set = BackupEngineComponent.runPool(config(Map.of("runThreads", 0, "runThreadsPerAccount", 3)),
                Clock.systemUTC());
        pools.addAll(List.of(defaults, odd, set));

        assertThat(List.of(defaults.threads(), defaults.share())).containsExactly(16, 8);
        assertThat(List.of(odd.threads(), odd.share())).containsExactly(5, 3);
        assertThat(List.of(set.threads(), set.share())).as("at least one thread; the share within it").containsExactly(1, 1);
    }

    /** The core configuration's defaults, but for {@code values}. */
    private static CoreConfig config(Map<String, Object> values) {
        return (CoreConfig) Proxy.newProxyInstance(CoreConfig.class.getClassLoader(), new Class<?>[] {CoreConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private Policy policy(long account, String name, String... resources) {
        long id = store.policies().insert(new PolicySpec(name, account, null, true, 5, List.of(), 0, 0));
        for (String resource : resources) {
            store.policies().addTarget(id, new TargetSpec(type.id(), "us-east-1", resource, Map.of()));
        }
        return store.policies().get(id).orElseThrow();
    }

    private Backup awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.backups().get(id).orElseThrow().status() != BackupStatus.IN_PROGRESS);
        return store.backups().get(id).orElseThrow();
    }
}
