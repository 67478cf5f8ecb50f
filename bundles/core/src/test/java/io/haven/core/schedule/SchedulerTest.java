package io.haven.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.core.TestStores;
import io.haven.core.backup.ScheduledStarter;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.ScheduledOutcome;
import io.haven.store.BackupRepository.ScheduledStart;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final HavenStore store = TestStores.fresh();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private static final Duration GRACE = Duration.ofMinutes(60);
    private Scheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void startsEnabledPoliciesWhenTheirScheduleComesDueAndSkipsDisabledOnes() {
        // Every minute, aligned so that the next run is about one second away.
        Instant start = Instant.now().minusSeconds(59);
        long schedule = store.schedules().insert(new ScheduleSpec("minutely", null, 1, Frequency.MINUTES, start, null,
                Set.of(), List.of()));
        long account = TestStores.account(store);
        store.policies().insert(new PolicySpec("on", account, null, true, 3, List.of(schedule), 3, 1));
        store.policies().insert(new PolicySpec("off", account, null, false, 3, List.of(schedule), 3, 1));

        scheduler = new Scheduler(store, due -> {
            due.forEach(d -> started.add(d.policy().spec().name()));
            return due.stream().map(d -> new ScheduledStart(ScheduledOutcome.STARTED, started.size())).toList();
        }, ZoneOffset.UTC, Clock.systemUTC(), GRACE);
        scheduler.replan();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.contains("on"));
        assertThat(started).containsExactly("on");
    }

    @Test
    void aPolicyStillRunningIsSkippedWithoutStoppingTheScheduler() {
        Instant start = Instant.now().minusSeconds(59);
        long schedule = store.schedules().insert(new ScheduleSpec("minutely", null, 1, Frequency.MINUTES, start, null,
                Set.of(), List.of()));
        long account = TestStores.account(store);
        store.policies().insert(new PolicySpec("busy", account, null, true, 3, List.of(schedule), 3, 1));
        store.policies().insert(new PolicySpec("free", account, null, true, 3, List.of(schedule), 3, 1));

        scheduler = new Scheduler(store, due -> {
            due.forEach(d -> started.add(d.policy().spec().name()));
            return due.stream().map(d -> new ScheduledStart(d.policy().spec().name().equals("busy")
                    ? ScheduledOutcome.IN_PROGRESS : ScheduledOutcome.STARTED, 1)).toList();
        }, ZoneOffset.UTC, Clock.systemUTC(), GRACE);
        scheduler.replan();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.containsAll(List.of("busy", "free")));
    }

    @Test
    void onItsVeryFirstStartHavenDoesNotMakeUpRunsDueBeforeIt() {
        // Hourly, with a slot exactly 30 minutes from now; 48 slots passed before the scheduler first started.
        long schedule = store.schedules().insert(new ScheduleSpec("hourly", null, 1, Frequency.HOURS,
                Instant.now().minus(Duration.ofDays(2)).plusSeconds(1800), null, Set.of(), List.of()));
        store.policies().insert(new PolicySpec("p", TestStores.account(store), null, true, 3, List.of(schedule), 3, 1));
        scheduler = new Scheduler(store, due -> {
            due.forEach(d -> started.add(d.policy().spec().name()));
            return List.of();
        }, ZoneOffset.UTC, Clock.systemUTC(), GRACE);
        Instant next = scheduler.runDue();

        assertThat(started).isEmpty();
        assertThat(next).isBeforeOrEqualTo(Instant.now().plus(Scheduler.MAX_SLEEP));
    }

    @Test
    void aRunDueWhileHavenWasDownStartsOnceAfterTheRestartAndNeverTwice() {
        Instant now = Instant.parse("2026-12-06T10:05:00Z");
        // Hourly on the hour: 10:00 came due while Haven was down (it last looked at 09:50).
        long schedule = store.schedules().insert(new ScheduleSpec("hourly", null, 1, Frequency.HOURS,
                Instant.parse("2026-12-01T00:00:00Z"), null, Set.of(), List.of()));
        long policyId = store.policies().insert(new PolicySpec("p", TestStores.account(store), null, true, 3,
                List.of(schedule), 3, 1));
        store.schedules().checkedUntil(Instant.parse("2026-12-06T09:50:00Z"));
        List<Instant> dueTimes = new CopyOnWriteArrayList<>();

        Instant next = new Scheduler(store, recordingStarter(dueTimes, now), ZoneOffset.UTC, Clock.fixed(now,
                ZoneOffset.UTC), GRACE).runDue();

        assertThat(dueTimes).containsExactly(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(store.schedules().checkedUntil()).contains(now);
        assertThat(next).isEqualTo(now.plus(Scheduler.MAX_SLEEP));
        // Killed before it could record its progress, and started again: the due time is not run twice.
        store.schedules().checkedUntil(Instant.parse("2026-12-06T09:50:00Z"));
        new Scheduler(store, recordingStarter(dueTimes, now.plusSeconds(5)), ZoneOffset.UTC,
                Clock.fixed(now.plusSeconds(5), ZoneOffset.UTC), GRACE).runDue();
        assertThat(dueTimes).hasSize(1);
        assertThat(store.backups().list(new io.haven.api.model.BackupQuery(policyId, null, null, true, 0, 10)).items())
                .singleElement().satisfies(b -> assertThat(b.trigger()).isEqualTo(BackupTrigger.SCHEDULE));
    }

    @Test
    void runsDueLongerAgoThanTheGraceAreNotMadeUpAndOnlyTheLatestDueTimeRuns() {
        Instant now = Instant.parse("2026-12-06T10:45:00Z");
        // Every 15 minutes; Haven was down for two days, so 10:00, 10:15, 10:30 and 10:45 lie within the hour's grace.
        long schedule = store.schedules().insert(new ScheduleSpec("quarterly", null, 15, Frequency.MINUTES,
                Instant.parse("2026-12-01T00:00:00Z"), null, Set.of(), List.of()));
        store.policies().insert(new PolicySpec("p", TestStores.account(store), null, true, 3, List.of(schedule), 3, 1));
        store.schedules().checkedUntil(Instant.parse("2026-12-04T10:00:00Z"));
        List<Instant> dueTimes = new CopyOnWriteArrayList<>();

        new Scheduler(store, recordingStarter(dueTimes, now), ZoneOffset.UTC, Clock.fixed(now, ZoneOffset.UTC), GRACE)
                .runDue();
        assertThat(dueTimes).containsExactly(now);

        // With no grace, nothing missed is made up.
        store.schedules().checkedUntil(Instant.parse("2026-12-04T10:00:00Z"));
        dueTimes.clear();
        Instant later = now.plusSeconds(60);
        new Scheduler(store, recordingStarter(dueTimes, later), ZoneOffset.UTC, Clock.fixed(later, ZoneOffset.UTC),
                Duration.ZERO).runDue();
        assertThat(dueTimes).isEmpty();
    }

    @Test
    void policiesDueAtOnceAreStartedWithOneCall() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        long schedule = store.schedules().insert(new ScheduleSpec("hourly", null, 1, Frequency.HOURS,
                Instant.parse("2026-12-01T00:00:00Z"), null, Set.of(), List.of()));
        long account = TestStores.account(store);
        for (int i = 0; i < 250; i++) {
            store.policies().insert(new PolicySpec("p" + i, account, null, true, 3, List.of(schedule), 3, 1));
        }
        store.schedules().checkedUntil(now.minusSeconds(1));
        List<Integer> batches = new CopyOnWriteArrayList<>();
        List<Instant> dueTimes = new CopyOnWriteArrayList<>();
        ScheduledStarter recording = recordingStarter(dueTimes, now);

        new Scheduler(store, due -> {
            batches.add(due.size());
            return recording.startScheduled(due);
        }, ZoneOffset.UTC, Clock.fixed(now, ZoneOffset.UTC), GRACE).runDue();

        assertThat(batches).containsExactly(250);
        assertThat(dueTimes).hasSize(250).containsOnly(now);
    }

    /** Starts as the engine does, through the store's once-per-due-time record, and notes the due times started. */
    private ScheduledStarter recordingStarter(List<Instant> dueTimes, Instant now) {
        return due -> {
            List<ScheduledStart> outcomes = store.backups().startScheduled(due.stream().map(d ->
                    new BackupRepository.DueRun(d.policy().id(), d.policy().spec().accountId(), d.policy().spec().name(),
                            d.dueAt())).toList(), now, run -> "due at " + run.dueAt());
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).outcome() == ScheduledOutcome.STARTED) {
                    dueTimes.add(due.get(i).dueAt());
                }
            }
            return outcomes;
        };
    }
}
