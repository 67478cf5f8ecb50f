package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Frequency;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeWindowTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private final HavenStore store = TestStores.fresh();
    private final ResumeWindow window = new ResumeWindow(store, ZoneOffset.UTC, Duration.ofHours(12));

    @Test
    void aScheduledRunMayResumeUntilThePolicysNextScheduledRun() {
        long hourly = schedule("hourly", 1, Frequency.HOURS);
        long daily = schedule("daily", 1, Frequency.DAYS);

        Policy policy = policy("both", List.of(daily, hourly));

        assertThat(window.end(run(policy, START.plusSeconds(5)), policy)).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void theCapBoundsSchedulesThatFireLaterAndPoliciesWithoutSchedules() {
        Policy weekly = policy("weekly", List.of(schedule("weekly", 1, Frequency.WEEKS)));
        Policy manual = policy("manual", List.of());

        assertThat(window.end(run(weekly, START), weekly)).isEqualTo(START.plus(Duration.ofHours(12)));
        assertThat(window.end(run(manual, START), manual)).isEqualTo(START.plus(Duration.ofHours(12)));
    }

    private long schedule(String name, int every, Frequency unit) {
        return store.schedules().insert(new ScheduleSpec(name, null, every, unit, START, null, null, null));
    }

    private Policy policy(String name, List<Long> schedules) {
        long id = store.policies().insert(new PolicySpec(name, TestStores.account(store), null, true, 3, schedules, 0, 0));
        return store.policies().get(id).orElseThrow();
    }

    private static Backup run(Policy policy, Instant started) {
        return new Backup(1, policy.id(), policy.spec().name(), BackupStatus.IN_PROGRESS, BackupTrigger.SCHEDULE, 1,
                started, null, null, null, null);
    }
}
