package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ScheduleService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** Schedules in a map; next runs are hourly from the start; remembers the last count asked for. */
public class FakeScheduleService implements ScheduleService {

    private final Map<Long, ScheduleSpec> schedules = new TreeMap<>();
    private long nextId = 1;
    public Integer lastCount;

    @Override
    public List<Schedule> list(Caller caller) {
        return schedules.keySet().stream().map(id -> get(caller, id)).toList();
    }

    @Override
    public Schedule get(Caller caller, long id) {
        ScheduleSpec spec = schedules.get(id);
        if (spec == null) {
            throw new NotFoundException("Schedule", id);
        }
        return new Schedule(id, spec, spec.start());
    }

    @Override
    public Schedule find(Caller caller, String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Schedule create(Caller caller, ScheduleSpec spec) {
        long id = nextId++;
        schedules.put(id, spec);
        return get(caller, id);
    }

    @Override
    public Schedule update(Caller caller, long id, ScheduleSpec spec) {
        get(caller, id);
        schedules.put(id, spec);
        return get(caller, id);
    }

    @Override
    public void delete(Caller caller, long id) {
        if (get(caller, id).spec().name().startsWith("in-use")) {
            throw new ConflictException("Schedule " + id + " is used by the policies daily");
        }
        schedules.remove(id);
    }

    @Override
    public List<Instant> nextRuns(Caller caller, long id, int count) {
        lastCount = count;
        Instant start = get(caller, id).spec().start();
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> start.plus(Duration.ofHours(i))).toList());
    }

    /** Hourly from the start; an {@code every} below 1 is refused as core refuses it. */
    @Override
    public List<Instant> preview(Caller caller, ScheduleSpec spec, int count) {
        if (spec.every() < 1) {
            throw new io.haven.api.service.ValidationException("every", "Must be at least 1, was " + spec.every());
        }
        lastCount = count;
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> spec.start().plus(Duration.ofHours(i))).toList());
    }
}
