package io.haven.api.model;

import java.time.Instant;

/** One line of a backup's human-readable log. */
public record LogEntry(Instant time, Level level, String message) {
    public enum Level { INFO, WARNING, ERROR }
}
