package io.haven.api.model;

import java.time.Instant;

/**
 * A stored schedule.
 *
 * @param nextRun the next time it fires after now, or null when it never fires again
 */
public record Schedule(long id, ScheduleSpec spec, Instant nextRun) {
}
