package io.haven.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ConflictException;
import io.haven.core.TestStores;
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

        scheduler = new Scheduler(store, (policy, trigger, attempt) -> {
            assertThat(trigger).isEqualTo(BackupTrigger.SCHEDULE);
            started.add(policy.spec().name());
            return started.size();
        }, ZoneOffset.UTC, Clock.systemUTC());
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

        scheduler = new Scheduler(store, (policy, trigger, attempt) -> {
            started.add(policy.spec().name());
            if (policy.spec().name().equals("busy")) {
                throw new ConflictException("A backup of policy 'busy' is already in progress");
            }
            return 1;
        }, ZoneOffset.UTC, Clock.systemUTC());
        scheduler.replan();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.containsAll(List.of("busy", "free")));
    }

    @Test
    void missedRunsWhileHavenWasDownAreNotMadeUp() {
        // Hourly, with a slot exactly 30 minutes from now; 48 slots passed before the scheduler started.
        long schedule = store.schedules().insert(new ScheduleSpec("hourly", null, 1, Frequency.HOURS,
                Instant.now().minus(Duration.ofDays(2)).plusSeconds(1800), null, Set.of(), List.of()));
        store.policies().insert(new PolicySpec("p", TestStores.account(store), null, true, 3, List.of(schedule), 3, 1));
        scheduler = new Scheduler(store, (policy, trigger, attempt) -> {
            started.add(policy.spec().name());
            return 1;
        }, ZoneOffset.UTC, Clock.systemUTC());
        Instant next = scheduler.runDue();

        assertThat(started).isEmpty();
        assertThat(next).isBeforeOrEqualTo(Instant.now().plus(Scheduler.MAX_SLEEP));
    }
}
