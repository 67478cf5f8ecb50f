package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.cluster.Node;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engines on one database, as two Haven nodes (decision 0039). */
class SeveralNodesTest {

    private final FakeTargetType fake = new FakeTargetType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<ExecutorService> pools = new ArrayList<>();
    private HavenStore store;
    @TempDir
    Path scriptsFolder;

    @BeforeEach
    void setUp() {
        types.addTargetType(fake);
        store = TestStores.fresh();
    }

    @AfterEach
    void tearDown() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    /** An engine with pools of its own, so that a test can kill one node and leave the other running. */
    private record Running(Node node, BackupEngine engine, ScheduledExecutorService executor, ExecutorService runs) {
        void kill() {
            executor.shutdownNow();
            runs.shutdownNow();
        }
    }

    private Running node(String name) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        ExecutorService runs = Executors.newCachedThreadPool();
        pools.add(executor);
        pools.add(runs);
        Node node = new Node(name, store, clock, Duration.ofSeconds(30));
        node.beat();
        BackupEngine engine = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor,
                runs, clock, new BackupScripts(scriptsFolder, clock), BackupEngine.Limits.defaults(Duration.ofMillis(20)),
                () -> io.haven.core.alert.AlertListener.NONE, node);
        return new Running(node, engine, executor, runs);
    }

    @Test
    void aKilledNodesRunIsTakenOverByAnotherNodeOnceItMissesTheTimeoutAndEndsOnce() {
        Running a = node("node-a");
        Running b = node("node-b");
        fake.pendingPolls = 1_000_000;
        long id = a.engine().start(policy("web", "vol-1", "vol-2"), BackupTrigger.MANUAL, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.backups().artifacts(id).size() == 2
                && fake.pollsOf(store.backups().artifacts(id).get(1).artifact().id()) > 0);
        a.kill();
        fake.pendingPolls = 0;

        clock.advance(Duration.ofSeconds(20));
        b.node().beat();
        assertThat(b.node().dead()).as("within the timeout").isEmpty();
        clock.advance(Duration.ofSeconds(11));
        b.node().beat();
        assertThat(b.node().dead()).containsExactly("node-a");
        assertThat(b.engine().takeOver("node-a")).isEqualTo(1);
        assertThat(b.engine().takeOver("node-a")).as("claimed already").isZero();

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.backups().carriedBy(id, "node-b")).isTrue();
        assertThat(fake.existing).as("no snapshot made twice").hasSize(2);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Node node-a stopped answering while this backup was in "
                + "progress; node node-b takes it over"));
        assertThat(messages(id)).filteredOn(m -> m.startsWith("Backup successful")).hasSize(1);
    }

    @Test
    void aNodeIsTakenForDeadOnlyAfterTheTimeoutWithoutAHeartbeat() {
        Running a = node("node-a");
        Running b = node("node-b");
        clock.advance(Duration.ofSeconds(29));
        b.node().beat();
        assertThat(b.node().dead()).isEmpty();
        assertThat(b.node().alive()).containsExactly("node-a", "node-b");
        clock.advance(Duration.ofSeconds(2));
        b.node().beat();
        assertThat(b.node().dead()).containsExactly("node-a");
        assertThat(b.node().alive()).containsExactly("node-b");
        assertThat(a.node().dead()).as("a node never takes itself for dead").isEmpty();
    }

    @Test
    void scheduledRunsAreSharedOutAmongTheNodesAliveAndEachNodeStartsItsShare() {
        Running a = node("node-a");
        Running b = node("node-b");
        Instant due = Instant.parse("2026-12-06T10:00:00Z");
        List<ScheduledStarter.Due> dues = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dues.add(new ScheduledStarter.Due(policy("p" + i, "vol-" + i), due));
        }
        List<BackupRepository.ScheduledStart> started = a.engine().startScheduled(dues);
        assertThat(started).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(BackupRepository.ScheduledOutcome.STARTED));
        List<Long> ids = started.stream().map(BackupRepository.ScheduledStart::id).toList();
        assertThat(store.backups().inProgressOf("node-b")).as("recorded for node b, until it picks them up")
                .containsExactlyInAnyOrder(ids.get(1), ids.get(3));

        assertThat(b.engine().pickUp()).isEqualTo(2);
        assertThat(b.engine().pickUp()).as("in hand already").isZero();
        assertThat(a.engine().pickUp()).as("node a started its own share").isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(awaitEnd(ids.get(i)).status()).isEqualTo(BackupStatus.SUCCESSFUL);
            assertThat(store.backups().carriedBy(ids.get(i), i % 2 == 0 ? "node-a" : "node-b")).isTrue();
        }
        assertThat(fake.existing).hasSize(4);
        assertThat(messages(ids.get(1))).noneMatch(m -> m.contains("reconcil"));
    }

    @Test
    void aRetryOfADeadNodeIsKeptByTheNodeThatTakesItOver() {
        node("node-a");
        Running b = node("node-b");
        long policy = TestStores.policy(store, "retried", 5, 1);
        long failed = store.backups().start(policy, 1L, "retried", BackupTrigger.MANUAL, 1, clock.instant(), "node-a")
                .orElseThrow();
        store.backups().finish(failed, BackupStatus.FAILED, "no", clock.instant());
        store.backups().scheduleRetry(failed, clock.instant().plusSeconds(3600));

        assertThat(b.engine().takeOver("node-a")).isEqualTo(1);
        assertThat(store.backups().carriedBy(failed, "node-b")).isTrue();
        assertThat(store.backups().dueRetry(failed)).isPresent();
        assertThat(messages(failed)).anyMatch(m -> m.startsWith("Node node-a stopped answering; node node-b took it over;"
                + " the retry due at"));
    }

    @Test
    void aRecoveryOnlyNodeMakesNoBackupsAndIsGivenNoRuns() {
        Running a = node("node-a");
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        ExecutorService runs = Executors.newCachedThreadPool();
        pools.add(executor);
        pools.add(runs);
        Node recovery = new Node("recovery", store, clock, Duration.ofSeconds(30), true);
        recovery.beat();
        BackupEngine recoveryOnly = new BackupEngine(store, types, (account, region) -> TestStores.context(region),
                executor, runs, clock, new BackupScripts(scriptsFolder, clock),
                BackupEngine.Limits.defaults(Duration.ofMillis(20)), () -> io.haven.core.alert.AlertListener.NONE, recovery);
        Policy policy = policy("web", "vol-1");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> recoveryOnly.start(policy, BackupTrigger.MANUAL, 1))
                .isInstanceOf(io.haven.api.service.ConflictException.class)
                .hasMessageContaining("recovery-only mode").hasMessageContaining("recoveryOnly = false");
        assertThat(store.backups().list(new io.haven.api.model.BackupQuery(policy.id(), null, null, true, 0, 10)).items())
                .as("nothing recorded").isEmpty();
        assertThat(a.node().alive()).as("a recovery-only node is not counted").containsExactly("node-a");
        List<BackupRepository.ScheduledStart> started = a.engine().startScheduled(List.of(
                new ScheduledStarter.Due(policy, Instant.parse("2026-12-06T10:00:00Z"))));
        assertThat(store.backups().carriedBy(started.get(0).id(), "node-a")).isTrue();
        assertThat(awaitEnd(started.get(0).id()).status()).isEqualTo(BackupStatus.SUCCESSFUL);
    }

    private Policy policy(String name, String... volumes) {
        long id = TestStores.policy(store, name, 5, 0);
        for (String volume : volumes) {
            store.policies().addTarget(id, new TargetSpec(fake.id(), "us-east-1", volume, Map.of()));
        }
        return store.policies().get(id).orElseThrow();
    }

    private Backup awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.backups().get(id).orElseThrow().status() != BackupStatus.IN_PROGRESS);
        return store.backups().get(id).orElseThrow();
    }

    private List<String> messages(long id) {
        return store.backups().logEntries(id).stream().map(LogEntry::message).toList();
    }
}
