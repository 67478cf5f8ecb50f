package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.Policy;
import io.haven.schedule.ScheduleCalculator;
import io.haven.store.HavenStore;
import io.haven.store.ScheduleRepository.StoredSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How long after its start an interrupted run may still start the targets it had not started: until the
 * policy's next scheduled run after the run's start (a later backup would then make its own snapshots),
 * and never longer than the cap. Manual runs, retries and policies without schedules get the cap alone
 * when no schedule fires sooner. docs/policies.md describes it for users.
 */
final class ResumeWindow {

    private final HavenStore store;
    private final ZoneId zone;
    private final Duration cap;

    ResumeWindow(HavenStore store, ZoneId zone, Duration cap) {
        this.store = store;
        this.zone = zone;
        this.cap = cap;
    }

    /** When the run's window closes. */
    Instant end(Backup backup, Policy policy) {
        Instant capped = backup.started().plus(cap);
        Optional<Instant> nextScheduled = policy.spec().scheduleIds().stream()
                .map(id -> store.schedules().get(id))
                .flatMap(Optional::stream)
                .map(StoredSchedule::spec)
                .map(spec -> ScheduleCalculator.nextRun(spec, backup.started(), zone))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
        return nextScheduled.filter(next -> next.isBefore(capped)).orElse(capped);
    }
}
