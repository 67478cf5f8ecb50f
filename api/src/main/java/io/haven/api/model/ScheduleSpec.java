package io.haven.api.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A schedule as a user defines it (guide 4.1). Instants are UTC; the repetition, weekdays and
 * disabled windows are evaluated in the server's configured time zone.
 *
 * @param every           repeat every this many units (at least 1)
 * @param unit            the unit of repetition
 * @param start           first run time
 * @param end             no runs after this time; null for never
 * @param weekdays        days on which runs may happen; empty means every day
 * @param disabledWindows times when runs are skipped
 */
public record ScheduleSpec(String name, String description, int every, Frequency unit, Instant start, Instant end,
                           Set<DayOfWeek> weekdays, List<DisabledWindow> disabledWindows) {
    public ScheduleSpec {
        weekdays = weekdays == null ? Set.of() : Set.copyOf(weekdays);
        disabledWindows = disabledWindows == null ? List.of() : List.copyOf(disabledWindows);
    }
}
