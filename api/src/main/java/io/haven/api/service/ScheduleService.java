package io.haven.api.service;

import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import java.time.Instant;
import java.util.List;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Schedules (guide 4.1). */
@ProviderType
public interface ScheduleService {

    List<Schedule> list(Caller caller);

    Schedule get(Caller caller, long id);

    Schedule find(Caller caller, String idOrName);

    Schedule create(Caller caller, ScheduleSpec spec);

    Schedule update(Caller caller, long id, ScheduleSpec spec);

    /** @throws ConflictException when a policy still uses it */
    void delete(Caller caller, long id);

    /** The next {@code count} run times after now, for a user to check a schedule. */
    List<Instant> nextRuns(Caller caller, long id, int count);

    /**
     * The next {@code count} run times after now of a schedule not saved yet, checked by the same rules as
     * {@link #create}, so that a form can show what a schedule will do before it is saved. Nothing is stored.
     *
     * @throws ValidationException naming the field that {@link #create} would refuse
     */
    List<Instant> preview(Caller caller, ScheduleSpec spec, int count);
}
