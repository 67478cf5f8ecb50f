package io.haven.core.schedule;

import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Zones;
import io.haven.core.internal.Validation;
import io.haven.schedule.ScheduleCalculator;
import io.haven.schedule.ScheduleValidator;
import io.haven.store.HavenStore;
import io.haven.store.ScheduleRepository.StoredSchedule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Schedules (guide 4.1); every change wakes the scheduler so that it plans with the new times. */
@Component(service = ScheduleService.class, configurationPid = CoreConfig.PID)
public class ScheduleServiceImpl implements ScheduleService {

    /** What the store's column holds, at the longest window text (a weekday and two times with nanoseconds). */
    static final int MAX_DISABLED_WINDOWS = 40;

    private final HavenStore store;
    private final SchedulePlanner planner;
    private final ZoneId zone;
    private final Clock clock;
    private final Worlds worlds;

    @Activate
    public ScheduleServiceImpl(@Reference HavenStore store, @Reference SchedulePlanner planner, CoreConfig config) {
        this(store, planner, Zones.of(config), Clock.systemUTC());
    }

    public ScheduleServiceImpl(HavenStore store, SchedulePlanner planner, ZoneId zone, Clock clock) {
        this.store = store;
        this.planner = planner;
        this.zone = zone;
        this.clock = clock;
        this.worlds = new Worlds(store);
    }

    @Override
    public List<Schedule> list(Caller caller) {
        var visible = store.owners().ownedBy(Owned.SCHEDULE, worlds.visibleOwners(caller));
        return store.schedules().list().stream().filter(s -> visible.contains(s.id())).map(this::view).toList();
    }

    @Override
    public Schedule get(Caller caller, long id) {
        return view(stored(caller, id));
    }

    @Override
    public Schedule find(Caller caller, String idOrName) {
        return store.schedules().byName(idOrName)
                .or(() -> Validation.parseId(idOrName).flatMap(id -> store.schedules().get(id)))
                .filter(s -> worlds.sees(caller, Owned.SCHEDULE, s.id()))
                .map(this::view)
                .orElseThrow(() -> new NotFoundException("Schedule", idOrName));
    }

    @Override
    public synchronized Schedule create(Caller caller, ScheduleSpec spec) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        ScheduleSpec clean = validate(spec);
        if (store.schedules().byName(clean.name()).isPresent()) {
            throw new ConflictException("A schedule named '" + clean.name() + "' already exists");
        }
        long id = store.schedules().insert(worlds.ownerForNew(caller), clean);
        planner.replan();
        return get(caller, id);
    }

    @Override
    public synchronized Schedule update(Caller caller, long id, ScheduleSpec spec) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        stored(caller, id);
        ScheduleSpec clean = validate(spec);
        store.schedules().byName(clean.name()).filter(other -> other.id() != id).ifPresent(other -> {
            throw new ConflictException("A schedule named '" + clean.name() + "' already exists");
        });
        store.schedules().update(id, clean);
        planner.replan();
        return get(caller, id);
    }

    @Override
    public synchronized void delete(Caller caller, long id) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        stored(caller, id);
        List<String> users = store.schedules().policiesUsing(id);
        if (!users.isEmpty()) {
            throw new ConflictException("Schedule " + id + " is used by the policies " + String.join(", ", users));
        }
        store.schedules().delete(id);
        planner.replan();
    }

    @Override
    public List<Instant> nextRuns(Caller caller, long id, int count) {
        Validation.range("count", count, 1, 100);
        return ScheduleCalculator.nextRuns(stored(caller, id).spec(), clock.instant(), zone, count);
    }

    @Override
    public List<Instant> preview(Caller caller, ScheduleSpec spec, int count) {
        ScheduleSpec clean = validate(spec);
        Validation.range("count", count, 1, 100);
        return ScheduleCalculator.nextRuns(clean, clock.instant(), zone, count);
    }

    private ScheduleSpec validate(ScheduleSpec spec) {
        if (spec == null) {
            throw new ValidationException("body", "A schedule is required");
        }
        if (spec.disabledWindows().size() > MAX_DISABLED_WINDOWS) {
            throw new ValidationException("disabledWindows", "A schedule has at most " + MAX_DISABLED_WINDOWS
                    + " disabled windows, not " + spec.disabledWindows().size());
        }
        ScheduleSpec clean = new ScheduleSpec(Validation.name("name", spec.name()),
                Validation.optionalText("description", spec.description(), 500), spec.every(), spec.unit(),
                Validation.instant("start", spec.start()), Validation.instant("end", spec.end()), spec.weekdays(),
                spec.disabledWindows());
        ScheduleValidator.validate(clean);
        return clean;
    }

    private StoredSchedule stored(Caller caller, long id) {
        worlds.require(caller, Owned.SCHEDULE, id, "Schedule");
        return store.schedules().get(id).orElseThrow(() -> new NotFoundException("Schedule", id));
    }

    private Schedule view(StoredSchedule s) {
        return new Schedule(s.id(), s.spec(), ScheduleCalculator.nextRun(s.spec(), clock.instant(), zone).orElse(null));
    }
}
