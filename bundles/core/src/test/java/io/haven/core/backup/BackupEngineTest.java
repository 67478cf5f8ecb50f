package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptRun.Phase;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.service.ConflictException;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import io.haven.store.PolicyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

class BackupEngineTest {

    private final FakeTargetType fake = new FakeTargetType();
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
        engine = engine(Clock.systemUTC(), BackupEngine.Limits.defaults(Duration.ofMillis(50)));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        runs.shutdownNow();
    }

    @Test
    void aScheduledDueTimeRunsOnceAndItsLogSaysWhenItWasDue() {
        Policy policy = policyWithTargets("scheduled", 5, 0, "vol-a");
        Instant due = Instant.parse("2026-12-06T10:00:00Z");
        List<BackupRepository.ScheduledStart> first = engine.startScheduled(List.of(new ScheduledStarter.Due(policy, due)));
        assertThat(first).singleElement().satisfies(s ->
                assertThat(s.outcome()).isEqualTo(BackupRepository.ScheduledOutcome.STARTED));

        Backup backup = awaitEnd(first.get(0).id());
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(backup.trigger()).isEqualTo(BackupTrigger.SCHEDULE);
        assertThat(store.backups().logEntries(backup.id())).extracting(LogEntry::message)
                .contains("Backup started by schedule (due at 2026-12-06T10:00:00Z)");
        assertThat(engine.startScheduled(List.of(new ScheduledStarter.Due(policy, due)))).singleElement().satisfies(s ->
                assertThat(s.outcome()).isEqualTo(BackupRepository.ScheduledOutcome.ALREADY_STARTED));
        assertThat(fake.existing).hasSize(1);
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
    void whatAPluginWritesToTheRunsLogIsShownWithTheRun() {
        fake.noteForTheLog = "3 tags of the volume were left off";
        long id = engine.start(policyWithTargets("noted", 5, 0, "vol-a"), BackupTrigger.MANUAL, 1);

        awaitEnd(id);
        assertThat(store.backups().logEntries(id)).anySatisfy(entry -> {
            assertThat(entry.message()).isEqualTo("3 tags of the volume were left off (vol-a)");
            assertThat(entry.level()).isEqualTo(LogEntry.Level.WARNING);
        });
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
    void aBackupWhoseEveryArtifactFailedStaysARecordOfTheFailure() {
        fake.failingResources.add("vol-bad");
        Policy policy = policyWithTargets("allbad", 5, 0, "vol-bad");
        long failedArtifact = engine.start(policy, BackupTrigger.MANUAL, 1);
        assertThat(awaitEnd(failedArtifact).status()).isEqualTo(BackupStatus.FAILED);
        fake.missingResources.add("vol-gone");
        long noArtifact = engine.start(policyWithTargets("none", 5, 0, "vol-gone"), BackupTrigger.MANUAL, 1);
        assertThat(awaitEnd(noArtifact).status()).isEqualTo(BackupStatus.FAILED);

        // The failed snapshot is deleted at once, but the backup is not: housekeeping must not forget it.
        assertThat(store.backups().artifacts(failedArtifact)).singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(BackupRepository.DELETED));
        assertThat(store.backups().get(failedArtifact).orElseThrow().deleted()).isNull();
        assertThat(store.backups().get(noArtifact).orElseThrow().deleted()).isNull();
        assertThat(store.backups().purgeDeleted(Instant.now().plusSeconds(60))).isZero();
    }

    @Test
    void reconcileWithinTheWindowResumesTheTargetsLeftAndAdoptsWhatTheyMadeBefore() {
        Policy policy = policyWithTargets("crash", 5, 0, "vol-1", "vol-2", "vol-3");
        List<PolicyRepository.StoredTarget> targets = store.policies().targets(policy.id());
        long id = store.backups().start(policy.id(), 1L, "crash", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        // vol-1 was started and recorded; vol-2 was being started (its snapshot made, not recorded); vol-3 not begun
        String first = fake.createBehindTheEnginesBack(String.valueOf(id), "vol-1").id();
        store.backups().addArtifact(id, fake.id(), "vol-1", fake.artifact(first, "us-east-1", "vol-1"), Instant.now());
        store.backups().targetEnded(id, targets.get(0).id(), fake.id(), "us-east-1", "vol-1",
                BackupRepository.TARGET_STARTED, Instant.now());
        store.backups().targetStarting(id, targets.get(1).id(), fake.id(), "us-east-1", "vol-2", Instant.now());
        String second = fake.createBehindTheEnginesBack(String.valueOf(id), "vol-2").id();

        engine.reconcile();

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(fake.resumedStarts).containsExactly("vol-2", "vol-3");
        assertThat(store.backups().artifacts(id)).extracting(a -> a.targetResourceId() + "=" + a.artifact().id())
                .hasSize(3).contains("vol-1=" + first, "vol-2=" + second).anyMatch(a -> a.startsWith("vol-3=snap-"));
        assertThat(fake.deleted).isEmpty();
        assertThat(messages(id)).anyMatch(m -> m.contains("resuming the 2 targets left"));
    }

    @Test
    void reconcileAfterTheWindowKeepsWhatATargetMadeAndNamesEverySkippedTarget() {
        Policy policy = policyWithTargets("late", 5, 0, "vol-1", "vol-2", "vol-3");
        List<PolicyRepository.StoredTarget> targets = store.policies().targets(policy.id());
        // a manual run older than the 12-hour cap
        long id = store.backups().start(policy.id(), 1L, "late", BackupTrigger.MANUAL, 1,
                Instant.now().minus(Duration.ofHours(13))).orElseThrow();
        String first = fake.createBehindTheEnginesBack(String.valueOf(id), "vol-1").id();
        store.backups().addArtifact(id, fake.id(), "vol-1", fake.artifact(first, "us-east-1", "vol-1"), Instant.now());
        store.backups().targetEnded(id, targets.get(0).id(), fake.id(), "us-east-1", "vol-1",
                BackupRepository.TARGET_STARTED, Instant.now());
        store.backups().targetStarting(id, targets.get(1).id(), fake.id(), "us-east-1", "vol-2", Instant.now());
        String second = fake.createBehindTheEnginesBack(String.valueOf(id), "vol-2").id();

        engine.reconcile();

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(fake.resumedStarts).isEmpty();
        assertThat(store.backups().artifacts(id)).extracting(a -> a.artifact().id()).containsExactly(first, second);
        assertThat(messages(id))
                .anyMatch(m -> m.startsWith("Skipped fake-volume vol-3 in us-east-1: Haven stopped before"))
                .noneMatch(m -> m.startsWith("Skipped fake-volume vol-1") || m.startsWith("Skipped fake-volume vol-2"))
                .anyMatch(m -> m.startsWith("Kept what fake-volume vol-2 in us-east-1 made before Haven stopped"))
                .anyMatch(m -> m.contains("1 targets were not backed up"))
                .anyMatch(m -> m.startsWith("Adopted fake-snapshot " + second));
        assertThat(store.backups().runTargets(id)).extracting(BackupRepository.RunTarget::state)
                .containsExactly(BackupRepository.TARGET_STARTED, BackupRepository.TARGET_STARTED,
                        BackupRepository.TARGET_SKIPPED);
    }

    @Test
    void theSweepAtTheEndAdoptsAnUnrecordedArtifactAndDeletesASecondCopy() {
        fake.doublingResources.add("vol-1");
        fake.losingResources.add("vol-2");
        Policy policy = policyWithTargets("sweep", 5, 0, "vol-1", "vol-2");

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).extracting(BackupRepository.StoredArtifact::targetResourceId)
                .containsExactlyInAnyOrder("vol-1", "vol-2");
        assertThat(fake.deleted).hasSize(1);
        assertThat(fake.existing.keySet()).containsExactlyInAnyOrderElementsOf(
                store.backups().artifacts(id).stream().map(a -> a.artifact().id()).toList());
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Adopted fake-snapshot") && m.contains("target vol-2"))
                .anyMatch(m -> m.startsWith("Deleted fake-snapshot " + fake.deleted.get(0)));
    }

    @Test
    void theSweepAdoptsASecondCopyWhenTheRecordedOneFailed() {
        fake.doublingResources.add("vol-1");
        fake.failingArtifacts.add("snap-1"); // the copy the start returns; snap-2 is the unrecorded one
        Policy policy = policyWithTargets("replaced", 5, 0, "vol-1");

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        awaitEnd(id);
        assertThat(store.backups().artifacts(id)).filteredOn(a -> BackupRepository.COMPLETED.equals(a.state()))
                .extracting(a -> a.artifact().id()).containsExactly("snap-2");
        assertThat(fake.deleted).containsExactly("snap-1");
    }

    @Test
    void aRetryThatWasDueWhenHavenStoppedRunsAfterTheRestart() {
        Policy policy = policyWithTargets("restarted", 5, 2, "vol-a");
        long failed = store.backups().start(policy.id(), 1L, "restarted", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        store.backups().finish(failed, BackupStatus.FAILED, "before the stop", Instant.now());
        store.backups().scheduleRetry(failed, Instant.now().minusSeconds(5));

        engine.reconcile();

        await().atMost(Duration.ofSeconds(10)).until(() -> backups(policy).size() == 2
                && backups(policy).stream().noneMatch(b -> b.status() == BackupStatus.IN_PROGRESS));
        Backup retry = backups(policy).get(1);
        assertThat(retry.trigger()).isEqualTo(BackupTrigger.RETRY);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.backups().dueRetries()).isEmpty();
    }

    @Test
    void reconcileResumesWaitingForARunThatHadStartedEverything() {
        fake.pendingPolls = 2;
        Policy policy = policyWithTargets("resume", 5, 0, "vol-1");
        long id = store.backups().start(policy.id(), 1L, "resume", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        store.backups().addArtifact(id, fake.id(), fake.createBehindTheEnginesBack(String.valueOf(id), "vol-1"), Instant.now());
        store.backups().markAllStarted(id, 0);

        engine.reconcile();

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
    }

    @Test
    void aUsersPolicyRunsTheScriptsOfItsOwnSubFolderNotRoots() throws IOException {
        Path args = scriptsFolder.resolve("args");
        script("before_shop.sh", "echo root >> " + args);
        Files.createDirectories(scriptsFolder.resolve("acme"));
        script("acme/before_shop.sh", "echo acme >> " + args);
        long acme = store.users().insert("acme", "$argon2id$unused", io.haven.api.model.UserType.INDEPENDENT, null, null);
        long policyId = store.policies().insert(acme, new io.haven.api.model.PolicySpec("shop", TestStores.account(store),
                null, true, 5, List.of(), 0, 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                new ScriptSettings(true, 10, true)));
        store.policies().addTarget(policyId, new TargetSpec(fake.id(), "us-east-1", "vol-s", Map.of()));

        long id = engine.start(store.policies().get(policyId).orElseThrow(), BackupTrigger.MANUAL, 1);

        awaitEnd(id);
        assertThat(Files.readAllLines(args)).containsExactly("acme");
    }

    @Test
    void scriptsRunAroundTheSnapshotsWithTheGuidesArguments() throws IOException {
        Path args = scriptsFolder.resolve("args");
        script("before_app.sh", "echo before >> " + args);
        script("after_app_v2.sh", "echo \"after $1\" >> " + args);
        script("complete_app.py", "echo \"complete $1\" >> " + args + "\necho 'logs truncated' >&2");
        Policy policy = policyWith("app", 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                new ScriptSettings(true, 10, true), "vol-a");

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(Files.readAllLines(args)).containsExactly("before", "after 1", "complete 1");
        List<ScriptRun> runs = store.backups().scriptRuns(id);
        assertThat(runs).extracting(ScriptRun::phase).containsExactly(Phase.BEFORE, Phase.AFTER, Phase.COMPLETE);
        assertThat(runs).extracting(ScriptRun::script).containsExactly("before_app.sh", "after_app_v2.sh", "complete_app.py");
        assertThat(runs.get(2).stderr()).isEqualTo("logs truncated\n");
        var artifact = store.backups().artifacts(id).get(0).view();
        assertThat(runs.get(0).ended()).isBeforeOrEqualTo(artifact.created());
        assertThat(runs.get(1).started()).isAfterOrEqualTo(artifact.created());
        assertThat(runs.get(2).started()).isAfterOrEqualTo(artifact.completed());
    }

    @Test
    void aFailedBeforeScriptMakesTheBackupPartialSoItIsRetriedAndIsNoGeneration() throws IOException {
        Path args = scriptsFolder.resolve("args");
        script("before_strict", "echo 'database busy' >&2\nexit 2");
        script("after_strict", "echo \"after $1\" >> " + args);
        script("complete_strict", "echo \"complete $1\" >> " + args);
        Policy policy = policyWith("strict", 1, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 5,
                new ScriptSettings(true, 10, true), "vol-a");

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(backup.message()).contains("backup scripts failed");
        assertThat(store.backups().scriptRuns(id).get(0)).satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(ScriptRun.Outcome.FAILED);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stderr()).isEqualTo("database busy\n");
        });
        assertThat(store.backups().liveSuccessful(policy.id())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> backups(policy).size() == 2
                && backups(policy).stream().noneMatch(b -> b.status() == BackupStatus.IN_PROGRESS));
        assertThat(backups(policy).get(1).trigger()).isEqualTo(BackupTrigger.RETRY);
        assertThat(Files.readAllLines(args)).startsWith("after 0", "complete 0");
    }

    @Test
    void snapshotsSucceedToleratesMissingScripts() {
        Policy policy = policyWith("lenient", 0, TargetRemoval.NO, SuccessCriterion.SNAPSHOTS_SUCCEED, 1,
                new ScriptSettings(true, 10, false), "vol-a");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(backup.message()).contains("which this policy tolerates");
        assertThat(store.backups().scriptRuns(id)).extracting(ScriptRun::outcome)
                .containsOnly(ScriptRun.Outcome.MISSING).hasSize(3);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("No before script before_lenient"));
    }

    @Test
    void aScriptThatHangsIsKilledAtItsTimeoutAndCountsAsFailed() throws IOException {
        Path args = scriptsFolder.resolve("args");
        script("before_slow", "sleep 60");
        script("after_slow", "echo \"after $1\" >> " + args);
        script("complete_slow", "exit 0");
        Policy policy = policyWith("slow", 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                new ScriptSettings(true, 1, false), "vol-a");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.backups().scriptRuns(id).get(0).outcome()).isEqualTo(ScriptRun.Outcome.TIMED_OUT);
        assertThat(Files.readAllLines(args)).containsExactly("after 0");
        assertThat(messages(id)).anyMatch(m -> m.contains("did not end within 1 s and was killed"));
    }

    @Test
    void scriptsThatWaitHoldUpNeitherPollingNorOtherPolicies() throws IOException {
        // More waiting scripts than the polling pool has threads (2): were scripts run on that pool,
        // the policy without scripts could not be polled to its end.
        Path gate = scriptsFolder.resolve("gate");
        List<Policy> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            script("before_waits" + i, "while [ ! -e " + gate + " ]; do sleep 0.05; done");
            script("after_waits" + i, "exit 0");
            script("complete_waits" + i, "exit 0");
            waiting.add(policyWith("waits" + i, 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                    new ScriptSettings(true, 60, false), "vol-w" + i));
        }
        List<Long> held = waiting.stream().map(p -> engine.start(p, BackupTrigger.MANUAL, 1)).toList();
        fake.pendingPolls = 2;

        long free = engine.start(policyWithTargets("free", 5, 0, "vol-free"), BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(free).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(held).allSatisfy(id -> {
            assertThat(store.backups().get(id).orElseThrow().status()).isEqualTo(BackupStatus.IN_PROGRESS);
            assertThat(store.backups().artifacts(id)).isEmpty(); // still in its before script
        });
        Files.createFile(gate);
        assertThat(held).allSatisfy(id -> assertThat(awaitEnd(id).status()).as("log: %s", messages(id))
                .isEqualTo(BackupStatus.SUCCESSFUL));
    }

    @Test
    void autoRemovalTakesAVanishedResourceOutOfThePolicyWithAWarning() {
        fake.missingResources.add("vol-gone");
        Policy policy = policyWith("tidy", 0, TargetRemoval.YES_AND_ALERT, SuccessCriterion.NO_ISSUES, 1,
                ScriptSettings.DISABLED, "vol-a", "vol-gone");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.policies().targets(policy.id())).extracting(t -> t.spec().resourceId()).containsExactly("vol-a");
        assertThat(store.backups().logEntries(id)).anyMatch(e -> e.level() == LogEntry.Level.WARNING
                && e.message().contains("Removed target fake-volume vol-gone"));
    }

    @Test
    void withoutAutoRemovalAVanishedResourceStaysAndFailsItsTarget() {
        fake.missingResources.add("vol-gone");
        Policy policy = policyWith("keepall", 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                ScriptSettings.DISABLED, "vol-a", "vol-gone");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.policies().targets(policy.id())).hasSize(2);
    }

    @Test
    void anAlertIsRaisedOnceWhenFailuresInARowReachThePolicysThreshold() {
        fake.missingResources.add("vol-gone");
        Policy policy = policyWith("alarm", 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 2,
                ScriptSettings.DISABLED, "vol-gone");
        long first = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        assertThat(store.alerts().list(10)).isEmpty();
        long second = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        assertThat(store.alerts().list(10)).singleElement().satisfies(alert -> {
            assertThat(alert.backupId()).isEqualTo(second);
            assertThat(alert.message()).contains("alarm").contains("2 times in a row");
        });
        awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1));
        assertThat(store.alerts().list(10)).hasSize(1);
        assertThat(first).isLessThan(second);
    }

    @Test
    void aPolicysAlertIsRefreshedWhileItFailsClearedByItsNextSuccessAndTheListenerToldOfBoth() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        BackupEngine listened = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor,
                runs, Clock.systemUTC(), new BackupScripts(scriptsFolder, Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(50)), () -> new io.haven.core.alert.AlertListener() {
                    @Override
                    public void raised(io.haven.api.model.Alert alert) {
                        told.add("raised " + alert.title());
                    }

                    @Override
                    public void cleared(io.haven.api.model.Alert alert) {
                        told.add("cleared " + alert.title());
                    }
                });
        fake.missingResources.add("vol-flaky");
        Policy policy = policyWith("flaky", 0, TargetRemoval.NO, SuccessCriterion.NO_ISSUES, 1,
                ScriptSettings.DISABLED, "vol-flaky");
        long first = awaitEnd(listened.start(policy, BackupTrigger.MANUAL, 1)).id();
        long second = awaitEnd(listened.start(policy, BackupTrigger.MANUAL, 1)).id();
        assertThat(store.alerts().list(10)).singleElement().satisfies(alert -> {
            assertThat(alert.category()).isEqualTo(io.haven.api.model.AlertCategory.BACKUP);
            assertThat(alert.severity()).isEqualTo(io.haven.api.model.AlertSeverity.ERROR);
            assertThat(alert.title()).isEqualTo("Policy flaky Backup Failure");
            assertThat(alert.backupId()).isEqualTo(first);
            assertThat(alert.message()).contains("backup " + second + " that started at")
                    .contains("No successful backup is kept");
            assertThat(alert.lastOccurred()).isEqualTo(store.alerts().list(10).get(0).lastOccurred())
                    .isAfterOrEqualTo(alert.raised());
            assertThat(alert.current()).isTrue();
        });
        assertThat(told).containsExactly("raised Policy flaky Backup Failure");

        fake.missingResources.remove("vol-flaky");
        assertThat(awaitEnd(listened.start(policy, BackupTrigger.MANUAL, 1)).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(store.alerts().list(10)).singleElement().satisfies(alert -> assertThat(alert.cleared()).isNotNull());
        assertThat(told).containsExactly("raised Policy flaky Backup Failure", "cleared Policy flaky Backup Failure");

        fake.missingResources.add("vol-flaky");
        awaitEnd(listened.start(policy, BackupTrigger.MANUAL, 1));
        assertThat(store.alerts().list(10)).hasSize(2).first().satisfies(alert -> {
            assertThat(alert.current()).isTrue();
            assertThat(alert.message()).contains("Last successful backup was at");
        });
    }

    @Test
    void artifactsThatFailedAreDeletedAtOnce() {
        fake.failingResources.add("vol-bad");
        Policy policy = policyWithTargets("cleanup", 5, 0, "vol-a", "vol-bad");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        var artifacts = store.backups().artifacts(id);
        var bad = artifacts.stream().filter(a -> a.artifact().resourceId().equals("vol-bad")).findFirst().orElseThrow();
        var good = artifacts.stream().filter(a -> a.artifact().resourceId().equals("vol-a")).findFirst().orElseThrow();
        assertThat(bad.state()).isEqualTo(BackupRepository.DELETED);
        assertThat(fake.deleted).containsExactly(bad.artifact().id());
        assertThat(good.state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(store.backups().get(id).orElseThrow().deleted()).isNull();
    }

    @Test
    void frozenBackupsNeitherCountAsGenerationsNorAreDeletedByRetention() {
        Policy policy = policyWithTargets("frozen", 1, 0, "vol-a");
        long frozen = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        store.backups().freeze(frozen, "golden", null, Instant.now());
        long second = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        long third = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.backups().get(second).orElseThrow().deleted() != null);

        assertThat(store.backups().artifacts(frozen).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(store.backups().artifacts(third).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(fake.deleted).containsExactly(store.backups().artifacts(second).get(0).artifact().id());
    }

    @Test
    void housekeepingDeletesBackupsOfDeletedPoliciesAndForgetsDeletedRecords() {
        Policy policy = policyWithTargets("doomed", 5, 0, "vol-a");
        long frozen = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        long plain = awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).id();
        store.backups().freeze(frozen, "keep", null, Instant.now());
        store.policies().delete(policy.id());

        Housekeeping keepForADay = new Housekeeping(store, engine.deletion(), Clock.systemUTC(), Duration.ofDays(1));
        assertThat(keepForADay.run()).isEqualTo(1);
        assertThat(store.backups().get(plain).orElseThrow().deleted()).isNotNull();
        assertThat(fake.deleted).containsExactly(store.backups().artifacts(plain).get(0).artifact().id());

        Housekeeping keepNone = new Housekeeping(store, engine.deletion(),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)), Duration.ZERO);
        keepNone.run();
        assertThat(store.backups().get(plain)).isEmpty();
        assertThat(store.backups().get(frozen).orElseThrow().frozen().name()).isEqualTo("keep");
        assertThat(store.backups().artifacts(frozen).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
    }

    @Test
    void backupsWarnAndOneAlertIsRaisedWhenBilledStorageNearsItsLimit() {
        BackupEngine limited = engine(Clock.systemUTC(),
                new BackupEngine.Limits(Duration.ofMillis(50), Duration.ofMinutes(60), 100, 80, java.time.ZoneOffset.UTC,
                        Duration.ofHours(12)));
        fake.billedGiB = 30;
        Policy policy = policyWithTargets("billed", 5, 0, "vol-a", "vol-b");
        long under = awaitEnd(limited.start(policy, BackupTrigger.MANUAL, 1)).id();
        assertThat(messages(under)).noneMatch(m -> m.contains("limit"));

        fake.billedGiB = 40;
        store.policies().addTarget(policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-c", Map.of()));
        long over = awaitEnd(limited.start(store.policies().get(policy.id()).orElseThrow(), BackupTrigger.MANUAL, 1)).id();
        assertThat(messages(over)).anyMatch(m -> m.equals("Protected Aurora and DynamoDB storage is 120 GiB (counted in "
                + "10 GiB steps) of the 100 GiB limit"));
        long again = awaitEnd(limited.start(store.policies().get(policy.id()).orElseThrow(), BackupTrigger.MANUAL, 1)).id();
        assertThat(messages(again)).anyMatch(m -> m.contains("GiB limit"));
        assertThat(store.alerts().list(10)).singleElement().satisfies(a -> {
            assertThat(a.backupId()).isEqualTo(over);
            assertThat(a.category()).isEqualTo(io.haven.api.model.AlertCategory.STORAGE);
            assertThat(a.severity()).isEqualTo(io.haven.api.model.AlertSeverity.WARNING);
            assertThat(a.current()).isTrue();
        });

        store.policies().removeTarget(policy.id(), store.policies().targets(policy.id()).get(2).id());
        fake.billedGiB = 10;
        awaitEnd(limited.start(store.policies().get(policy.id()).orElseThrow(), BackupTrigger.MANUAL, 1));
        assertThat(store.alerts().list(10)).singleElement().satisfies(a -> assertThat(a.cleared())
                .as("below the warning share again").isNotNull());
    }

    @Test
    void aSnapshotWhoseStatusCannotBeCheckedFailsAfterTheLimitAndTheRunEnds() {
        MutableClock clock = new MutableClock(Instant.now());
        BackupEngine patient = engine(clock, BackupEngine.Limits.defaults(Duration.ofMillis(50)));
        fake.uncheckableResources.add("vol-locked");
        Policy policy = policyWithTargets("locked", 5, 0, "vol-a", "vol-locked");
        long id = patient.start(policy, BackupTrigger.MANUAL, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.failedChecks.get() >= 3);
        assertThat(store.backups().get(id).orElseThrow().status()).isEqualTo(BackupStatus.IN_PROGRESS);
        assertThat(messages(id)).filteredOn(m -> m.startsWith("Could not check")).singleElement().satisfies(m ->
                assertThat(m).contains("AccessDenied: the keys were revoked").endsWith("trying again for up to 60 min"));

        clock.advance(Duration.ofMinutes(60));

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(messages(id)).anyMatch(m -> m.contains("vol-locked") && m.contains("could not be checked for 60 min"));
    }

    @Test
    void aSnapshotWhosePluginWasRemovedWaitsForItsReturnUpToTheLimit() {
        MutableClock clock = new MutableClock(Instant.now());
        BackupEngine patient = engine(clock, BackupEngine.Limits.defaults(Duration.ofMillis(50)));
        fake.pendingPolls = 1_000_000;
        Policy policy = policyWithTargets("orphaned", 5, 0, "vol-a");
        long id = patient.start(policy, BackupTrigger.MANUAL, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.backups().artifacts(id).size() == 1);

        types.removeTargetType(fake);
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(id).stream().anyMatch(m ->
                m.startsWith("Could not check") && m.contains("no installed plugin serves type " + fake.id())));
        assertThat(store.backups().get(id).orElseThrow().status()).isEqualTo(BackupStatus.IN_PROGRESS);
        clock.advance(Duration.ofMinutes(60));

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.FAILED);
        assertThat(messages(id)).anyMatch(m -> m.contains("could not be checked for 60 min"));
    }

    @Test
    void retentionRunsApartFromTheRunsAndAPolicyHasOnePassWaitingAtMost() {
        // A retention pool that holds its tasks, as a busy one does while an account's old generations are deleted
        List<Object> keys = new ArrayList<>();
        List<Runnable> held = new ArrayList<>();
        BackupEngine apart = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor,
                io.haven.core.internal.KeyedExecutor.of(runs), (key, task) -> {
                    synchronized (held) {
                        keys.add(key);
                        held.add(task);
                    }
                }, Clock.systemUTC(), new BackupScripts(scriptsFolder, Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(50)), () -> io.haven.core.alert.AlertListener.NONE,
                io.haven.core.cluster.Node.single(store, Clock.systemUTC()));
        Policy policy = policyWithTargets("keep1", 1, 0, "vol-a");
        long first = awaitEnd(apart.start(policy, BackupTrigger.MANUAL, 1)).id();
        long second = awaitEnd(apart.start(policy, BackupTrigger.MANUAL, 1)).id();
        // the next run starts and ends while the pass for the second waits: nothing waits for the deletions
        long third = awaitEnd(apart.start(policy, BackupTrigger.MANUAL, 1)).id();

        assertThat(fake.deleted).isEmpty();
        // A run asks for its pass after its end is recorded, which is what awaitEnd sees.
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPasses(held) > 0);
        synchronized (held) {
            assertThat(held).as("one pass waits for the policy, whatever ended meanwhile").hasSize(1);
            assertThat(keys).containsExactly(BackupEngine.accountKey(policy.spec().accountId()));
        }
        held.get(0).run();
        assertThat(store.backups().artifacts(first).get(0).state()).isEqualTo(BackupRepository.DELETED);
        assertThat(store.backups().artifacts(second).get(0).state()).isEqualTo(BackupRepository.DELETED);
        assertThat(store.backups().artifacts(third).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
        assertThat(fake.deleted).hasSize(2);

        // once the pass has started, a run that ends queues the next one
        long fourth = awaitEnd(apart.start(policy, BackupTrigger.MANUAL, 1)).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> heldPasses(held) == 2);
        held.get(1).run();
        assertThat(store.backups().artifacts(third).get(0).state()).isEqualTo(BackupRepository.DELETED);
        assertThat(store.backups().artifacts(fourth).get(0).state()).isEqualTo(BackupRepository.COMPLETED);
    }

    private static int heldPasses(List<Runnable> held) {
        synchronized (held) {
            return held.size();
        }
    }

    @Test
    void checksThatFailForAWhileAndThenWorkLeaveOneWarning() {
        fake.uncheckableResources.add("vol-a");
        Policy policy = policyWithTargets("hiccup", 5, 0, "vol-a");
        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.failedChecks.get() >= 3);
        fake.uncheckableResources.clear();

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(messages(id)).filteredOn(m -> m.startsWith("Could not check")).hasSize(1);
    }

    private BackupEngine engine(Clock clock, BackupEngine.Limits limits) {
        return new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor, runs, clock,
                new BackupScripts(scriptsFolder, clock), limits);
    }

    private void script(String name, String body) throws IOException {
        Path file = scriptsFolder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Policy policyWith(String name, int retries, TargetRemoval removal, SuccessCriterion criterion,
                              int failuresToAlert, ScriptSettings scripts, String... volumes) {
        long id = TestStores.policy(store, name, 5, retries, removal, criterion, failuresToAlert, scripts);
        for (String volume : volumes) {
            store.policies().addTarget(id, new TargetSpec(fake.id(), "us-east-1", volume, Map.of()));
        }
        return store.policies().get(id).orElseThrow();
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
