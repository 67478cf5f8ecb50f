package io.haven.shell.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Schedules in memory; the next run of every schedule is {@link #nextRun}, its later runs {@link #upcoming}. */
public class FakeSchedules implements ScheduleService {

    public final Map<Long, Schedule> schedules = new LinkedHashMap<>();
    public final Set<Long> inUse = new HashSet<>();
    public final List<Instant> upcoming = new ArrayList<>();
    public Instant nextRun;
    public ScheduleSpec lastSpec;
    public int lastCount;
    private long nextId = 1;

    public Schedule add(ScheduleSpec spec) {
        Schedule s = new Schedule(nextId++, spec, nextRun);
        schedules.put(s.id(), s);
        return s;
    }

    @Override
    public List<Schedule> list(Caller caller) {
        return List.copyOf(schedules.values());
    }

    @Override
    public Schedule get(Caller caller, long id) {
        Schedule s = schedules.get(id);
        if (s == null) {
            throw new NotFoundException("Schedule", id);
        }
        return s;
    }

    @Override
    public Schedule find(Caller caller, String idOrName) {
        return schedules.values().stream().filter(s -> s.spec().name().equals(idOrName)).findFirst()
                .or(() -> schedules.values().stream().filter(s -> String.valueOf(s.id()).equals(idOrName)).findFirst())
                .orElseThrow(() -> new NotFoundException("Schedule", idOrName));
    }

    @Override
    public Schedule create(Caller caller, ScheduleSpec spec) {
        lastSpec = spec;
        if (spec.every() < 1) {
            throw new ValidationException("every", "Repeat every 1 to 1000 units, not " + spec.every());
        }
        if (spec.unit() == null) {
            throw new ValidationException("unit", "Choose the unit: MINUTES, HOURS, DAYS, WEEKS or MONTHS");
        }
        return add(spec);
    }

    @Override
    public Schedule update(Caller caller, long id, ScheduleSpec spec) {
        throw new UnsupportedOperationException("the shell does not update schedules");
    }

    @Override
    public void delete(Caller caller, long id) {
        get(caller, id);
        if (inUse.contains(id)) {
            throw new ConflictException("Schedule " + id + " is used by the policies web");
        }
        schedules.remove(id);
    }

    @Override
    public List<Instant> nextRuns(Caller caller, long id, int count) {
        get(caller, id);
        lastCount = count;
        if (count < 1 || count > 100) {
            throw new ValidationException("count", "Must be between 1 and 100, was " + count);
        }
        return upcoming.subList(0, Math.min(count, upcoming.size()));
    }

    @Override
    public List<Instant> preview(Caller caller, ScheduleSpec spec, int count) {
        throw new UnsupportedOperationException("the shell does not preview schedules");
    }
}
