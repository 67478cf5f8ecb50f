package io.haven.api.model;

import java.time.Instant;

/**
 * What part of the audit log to read, newest first.
 *
 * @param userId only this user's entries (it must be in the caller's view), or {@code null} for all the caller sees
 * @param from   only entries at or after this time, or {@code null}
 * @param to     only entries before this time, or {@code null}
 * @param before only entries with a smaller id (the previous page's {@link AuditPage#next()}), or {@code null}
 * @param limit  at most this many entries, 1 to {@link #MAX_LIMIT}
 * @since model 1.6
 */
public record AuditQuery(Long userId, Instant from, Instant to, Long before, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }
}
