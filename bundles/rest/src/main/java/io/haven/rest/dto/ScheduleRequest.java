package io.haven.rest.dto;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The body of POST and PUT /schedules: a {@link ScheduleSpec} whose {@code every} may not silently
 * become 0 when it is left out. The schedule service checks everything else.
 */
public record ScheduleRequest(String name, String description, Integer every, Frequency unit, Instant start,
                              Instant end, Set<DayOfWeek> weekdays, List<DisabledWindow> disabledWindows) {

    public ScheduleSpec toSpec() {
        return new ScheduleSpec(name, description, Required.field("every", every), unit, start, end, weekdays,
                disabledWindows);
    }
}
