package io.haven.core.schedule;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.api.service.ConflictException;
import io.haven.core.backup.BackupStarter;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Zones;
import io.haven.schedule.ScheduleCalculator;
import io.haven.store.HavenStore;
import io.haven.store.ScheduleRepository.StoredSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * Starts enabled policies when one of their schedules comes due. It sleeps until the earliest due
 * time (at most {@link #MAX_SLEEP}, so clock changes are noticed) and is woken at once when a
 * schedule or a policy changes. Runs missed while Haven was down are not made up: the first check
 * after a start looks at due times from that start on.
 */
@Component(service = SchedulePlanner.class, immediate = true, configurationPid = CoreConfig.PID)
public class Scheduler implements SchedulePlanner {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);

    private final HavenStore store;
    private final BackupStarter engine;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "haven-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private Instant checkedUntil;
    private ScheduledFuture<?> wakeUp;

    @Activate
    public Scheduler(@Reference HavenStore store, @Reference BackupStarter engine, CoreConfig config) {
        this(store, engine, Zones.of(config), Clock.systemUTC());
        LOG.info("Scheduler started; schedules are evaluated in time zone {}", zone);
        replan();
    }

    Scheduler(HavenStore store, BackupStarter engine, ZoneId zone, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.zone = zone;
        this.clock = clock;
        this.checkedUntil = clock.instant();
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    @Override
    public synchronized void replan() {
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

    /** Starts every policy due since the last check and returns when the next one is due. */
    Instant runDue() {
        Instant now = clock.instant();
        Instant since = checkedUntil;
        Map<Long, StoredSchedule> schedules = store.schedules().list().stream()
                .collect(Collectors.toMap(StoredSchedule::id, Function.identity()));
        Instant earliest = now.plus(MAX_SLEEP);
        for (Policy policy : store.policies().list()) {
            if (!policy.spec().enabled()) {
                continue;
            }
            boolean due = false;
            for (Long scheduleId : policy.spec().scheduleIds()) {
                StoredSchedule schedule = schedules.get(scheduleId);
                if (schedule == null) {
                    continue;
                }
                Optional<Instant> fire = ScheduleCalculator.nextRun(schedule.spec(), since, zone);
                if (fire.isPresent() && !fire.get().isAfter(now)) {
                    due = true;
                }
                Optional<Instant> upcoming = ScheduleCalculator.nextRun(schedule.spec(), now, zone);
                if (upcoming.isPresent() && upcoming.get().isBefore(earliest)) {
                    earliest = upcoming.get();
                }
            }
            if (due) {
                startScheduled(policy);
            }
        }
        checkedUntil = now;
        return earliest;
    }

    private void startScheduled(Policy policy) {
        try {
            long id = engine.start(policy, BackupTrigger.SCHEDULE, 1);
            LOG.info("Policy {} started by its schedule as backup {}", policy.spec().name(), id);
        } catch (ConflictException e) {
            LOG.warn("Policy {} is due but its previous backup is still in progress; skipped", policy.spec().name());
        } catch (RuntimeException e) {
            LOG.error("Policy {} is due but could not start", policy.spec().name(), e);
        }
    }
}
