package io.haven.core.schedule;

import io.haven.api.model.Policy;
import io.haven.api.model.ScheduleSpec;
import io.haven.core.backup.ScheduledStarter;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Zones;
import io.haven.schedule.ScheduleCalculator;
import io.haven.store.BackupRepository.ScheduledStart;
import io.haven.store.HavenStore;
import io.haven.store.ScheduleRepository.StoredSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts enabled policies when one of their schedules comes due. It sleeps until the earliest due time (at most
 * {@link #MAX_SLEEP}, so clock changes are noticed) and is woken at once when a schedule or a policy changes.
 * <p>
 * Each due time runs once (decision 36): a run records the due time it was started for, and the database refuses a
 * second run for it, so a restart or a second node never doubles it. How far due times were looked at is kept in
 * the database; after a restart, what came due while Haven was down is started once per policy (its latest due
 * time) if it is at most {@code missedRunGraceMinutes} old, and older due times are not made up.
 */
@Component(service = SchedulePlanner.class, immediate = true, configurationPid = CoreConfig.PID)
public class Scheduler implements SchedulePlanner {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);
    /** Due times looked at per schedule in one check, at most: a bound for a long grace and a minutely schedule. */
    private static final int MAX_DUE_TIMES_PER_CHECK = 100_000;

    private final HavenStore store;
    private final ScheduledStarter engine;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "haven-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private Instant checkedUntil;
    private ScheduledFuture<?> wakeUp;
    /** Recovery-only mode: nothing is planned. */
    private boolean paused;

    @Activate
    public Scheduler(@Reference HavenStore store, @Reference ScheduledStarter engine, CoreConfig config) {
        this(store, engine, Zones.of(config), Clock.systemUTC(), Duration.ofMinutes(Math.max(0, config.missedRunGraceMinutes())));
        if (config.recoveryOnly()) {
            // No schedule runs; what comes due meanwhile is made up within missedRunGraceMinutes once back to normal.
            this.paused = true;
            LOG.warn("Recovery-only mode: schedules do not run on this node");
            return;
        }
        LOG.info("Scheduler started; schedules are evaluated in time zone {}", zone);
        replan();
    }

    /** For tests and benchmarks: the zone, clock and grace given rather than configured. */
    public Scheduler(HavenStore store, ScheduledStarter engine, ZoneId zone, Clock clock, Duration missedRunGrace) {
        this.store = store;
        this.engine = engine;
        this.zone = zone;
        this.clock = clock;
        this.checkedUntil = resumeFrom(store.schedules().checkedUntil(), clock.instant(), missedRunGrace);
    }

    /** Where the first check starts: where the last one ended, but no further back than the grace allows. */
    private static Instant resumeFrom(Optional<Instant> lastChecked, Instant now, Duration grace) {
        Instant earliest = now.minus(grace);
        if (lastChecked.isEmpty() || lastChecked.get().isAfter(now)) {
            return now;
        }
        if (lastChecked.get().isBefore(earliest)) {
            LOG.warn("Schedules were last checked at {}; runs that came due before {} are not made up "
                    + "(missedRunGraceMinutes is {})", lastChecked.get(), earliest, grace.toMinutes());
            return earliest;
        }
        return lastChecked.get();
    }

    @Deactivate
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public synchronized void replan() {
        if (paused) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUp = timer.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Instant next;
        try {
            next = runDue();
        } catch (RuntimeException e) {
            LOG.error("Scheduler check failed; trying again shortly", e);
            next = clock.instant().plus(MAX_SLEEP);
        }
        synchronized (this) {
            long delay = Math.max(0, Math.min(Duration.between(clock.instant(), next).toMillis(), MAX_SLEEP.toMillis()));
            wakeUp = timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts every policy due since the last check, records how far it looked, and returns when the next is due. */
    Instant runDue() {
        Instant now = clock.instant();
        Instant since = checkedUntil;
        Map<Long, StoredSchedule> schedules = store.schedules().list().stream()
                .collect(Collectors.toMap(StoredSchedule::id, Function.identity()));
        Instant earliest = now.plus(MAX_SLEEP);
        List<ScheduledStarter.Due> due = new ArrayList<>();
        for (Policy policy : store.policies().list()) {
            if (!policy.spec().enabled()) {
                continue;
            }
            Instant dueAt = null;
            for (Long scheduleId : policy.spec().scheduleIds()) {
                StoredSchedule schedule = schedules.get(scheduleId);
                if (schedule == null) {
                    continue;
                }
                Instant latest = latestDue(schedule.spec(), since, now);
                if (latest != null && (dueAt == null || latest.isAfter(dueAt))) {
                    dueAt = latest;
                }
                Optional<Instant> upcoming = ScheduleCalculator.nextRun(schedule.spec(), now, zone);
                if (upcoming.isPresent() && upcoming.get().isBefore(earliest)) {
                    earliest = upcoming.get();
                }
            }
            if (dueAt != null) {
                due.add(new ScheduledStarter.Due(policy, dueAt));
            }
        }
        if (!due.isEmpty()) {
            // All together: recorded in a few transactions before any of their work begins (issue 13, goal 4).
            startScheduled(due);
        }
        // Kept so that a restart knows where to go on; a kill before this line is harmless, as each due time runs once.
        store.schedules().checkedUntil(now);
        checkedUntil = now;
        return earliest;
    }

    /** The latest due time of a schedule after {@code since} and not after {@code now}, or null. */
    private Instant latestDue(ScheduleSpec spec, Instant since, Instant now) {
        Instant latest = null;
        Optional<Instant> fire = ScheduleCalculator.nextRun(spec, since, zone);
        for (int i = 0; fire.isPresent() && !fire.get().isAfter(now) && i < MAX_DUE_TIMES_PER_CHECK; i++) {
            latest = fire.get();
            fire = ScheduleCalculator.nextRun(spec, latest, zone);
        }
        return latest;
    }

    private void startScheduled(List<ScheduledStarter.Due> due) {
        List<ScheduledStart> outcomes;
        try {
            outcomes = engine.startScheduled(due);
        } catch (RuntimeException e) {
            LOG.error("{} policies are due but could not start: {}", due.size(),
                    due.stream().map(d -> d.policy().spec().name()).toList(), e);
            return;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            String name = due.get(i).policy().spec().name();
            Instant dueAt = due.get(i).dueAt();
            switch (outcomes.get(i).outcome()) {
                case STARTED -> LOG.info("Policy {} started by its schedule (due at {}) as backup {}", name, dueAt,
                        outcomes.get(i).id());
                case IN_PROGRESS -> LOG.warn("Policy {} is due but its previous backup is still in progress; skipped",
                        name);
                case ALREADY_STARTED -> LOG.debug("Policy {} was already started for its due time {}", name, dueAt);
            }
        }
    }
}
