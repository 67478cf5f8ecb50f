package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.service.ConflictException;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupEngineTest {

    private final FakeTargetType fake = new FakeTargetType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private HavenStore store;
    private BackupEngine engine;

    @BeforeEach
    void setUp() {
        types.addTargetType(fake);
        store = TestStores.fresh();
        engine = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor,
                Clock.systemUTC(), Duration.ofMillis(50));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void waitsThroughPendingStatesAndSucceeds() {
        fake.pendingPolls = 3;
        Policy policy = policyWithTargets("p", 5, 0, "vol-a", "vol-b");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(backup.ended()).isNotNull();
        var artifacts = store.backups().artifacts(id);
        assertThat(artifacts).hasSize(2).allSatisfy(a -> assertThat(a.state()).isEqualTo(BackupRepository.COMPLETED));
        assertThat(fake.pollsOf(artifacts.get(0).artifact().id())).isEqualTo(4);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Started fake-snapshot"))
                .anyMatch(m -> m.startsWith("Completed fake-snapshot"))
                .anyMatch(m -> m.startsWith("Backup successful"));
        assertThat(fake.existing.values()).allSatisfy(tags -> assertThat(tags)
                .containsEntry("haven:backup-id", String.valueOf(id)).containsEntry("haven:policy", "p"));
    }

    @Test
    void oneRunOfAPolicyAtATime() {
        fake.pendingPolls = 1000;
        Policy policy = policyWithTargets("busy", 5, 0, "vol-a");
        engine.start(policy, BackupTrigger.MANUAL, 1);
        assertThatThrownBy(() -> engine.start(policy, BackupTrigger.SCHEDULE, 1))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already in progress");
    }

    @Test
    void retentionKeepsTheNewestGenerationsAndDeletesOlderArtifacts() {
        Policy policy = policyWithTargets("keep2", 2, 0, "vol-a");
        long first = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        long second = awaitEnd(engine.start(policy, BackupTrigger.SCHEDULE, 1)).id();
        assertThat(fake.deleted).isEmpty();
        long third = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        // Retention follows the run's end on the engine's pool.
        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.deleted.isEmpty()
                && store.backups().artifacts(first).get(0).state().equals(BackupRepository.DELETED));

        String firstSnapshot = store.backups().artifacts(first).get(0).artifact().id();
        assertThat(fake.deleted).containsExactly(firstSnapshot);
        assertThat(store.backups().artifacts(first).get(0).state()).isEqualTo(BackupRepository.DELETED);
        assertThat(store.backups().artifacts(second).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(store.backups().artifacts(third).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(messages(first)).anyMatch(m -> m.contains("older than the 2 generations"));
    }

    @Test
    void aFailedArtifactMakesTheRunPartialAndItIsRetried() {
        fake.failingResources.add("vol-bad");
        Policy policy = policyWithTargets("flaky", 5, 1, "vol-a", "vol-bad");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        await().atMost(Duration.ofSeconds(10)).until(() -> backups(policy).size() == 2
                && backups(policy).stream().noneMatch(b -> b.status() == BackupStatus.IN_PROGRESS));
        Backup retry = backups(policy).stream().filter(b -> b.id() != id).findFirst().orElseThrow();
        assertThat(retry.trigger()).isEqualTo(BackupTrigger.RETRY);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(messages(retry.id())).anyMatch(m -> m.equals("No retries left (1 configured)"));
    }

    @Test
    void aMissingResourceOrAnUninstalledTypeFailsItsTargetWithAClearLogLine() {
        fake.missingResources.add("vol-gone");
        Policy policy = policyWithTargets("gone", 5, 0, "vol-gone");
        store.policies().addTarget(policy.id(), new TargetSpec("removed-plugin", "us-east-1", "x-1", Map.of()));
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.FAILED);
        assertThat(messages(id)).anyMatch(m -> m.contains("vol-gone") && m.contains("was not found"))
                .anyMatch(m -> m.contains("no installed plugin serves type removed-plugin"));
    }

    @Test
    void reconcileAdoptsArtifactsOfAnInterruptedRunAndFinishesIt() {
        Policy policy = policyWithTargets("crash", 5, 0, "vol-1", "vol-2");
        long id = store.backups().start(policy.id(), "crash", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        String orphan = fake.createBehindTheEnginesBack(String.valueOf(id), "vol-1").id();

        engine.reconcile();

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).singleElement()
                .satisfies(a -> assertThat(a.artifact().id()).isEqualTo(orphan));
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Adopted fake-snapshot " + orphan))
                .anyMatch(m -> m.contains("1 targets were not backed up"));
    }

    @Test
    void reconcileResumesWaitingForARunThatHadStartedEverything() {
        fake.pendingPolls = 2;
        Policy policy = policyWithTargets("resume", 5, 0, "vol-1");
        long id = store.backups().start(policy.id(), "resume", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        store.backups().addArtifact(id, fake.id(), fake.createBehindTheEnginesBack(String.valueOf(id), "vol-1"), Instant.now());
        store.backups().markAllStarted(id, 0);

        engine.reconcile();

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
    }

    private Policy policyWithTargets(String name, int generations, int retries, String... volumes) {
        long id = TestStores.policy(store, name, generations, retries);
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

    private List<Backup> backups(Policy policy) {
        return store.backups().list(new io.haven.api.model.BackupQuery(policy.id(), null, "started", false, 0, 50)).items();
    }

    private List<String> messages(long id) {
        return store.backups().logEntries(id).stream().map(LogEntry::message).toList();
    }
}
