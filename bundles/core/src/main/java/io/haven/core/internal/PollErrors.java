package io.haven.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long the status checks of one thing have failed in a row. An engine that cannot see a snapshot
 * or a recovered resource any more (revoked keys, a removed role) stops waiting for it after the limit,
 * instead of keeping its run in progress for ever. A pending answer from AWS is no error: a large
 * snapshot may take hours, and that wait has no limit.
 *
 * <p>Streaks are kept in memory: after a restart each starts again, which only waits longer.
 */
public final class PollErrors {

    /** What a failed check means for the thing checked. */
    public enum Verdict {
        /** The first failure of a streak: worth a line in the run's log. */
        FIRST,
        /** The streak goes on, still within the limit. */
        AGAIN,
        /** The streak has lasted the limit: stop waiting. */
        GIVE_UP
    }

    private final Map<Long, Instant> since = new ConcurrentHashMap<>();
    private final Duration limit;
    private final Clock clock;

    public PollErrors(Duration limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    public Verdict failed(long id) {
        Instant now = clock.instant();
        Instant first = since.putIfAbsent(id, now);
        if (first == null) {
            return Verdict.FIRST;
        }
        if (Duration.between(first, now).compareTo(limit) >= 0) {
            since.remove(id);
            return Verdict.GIVE_UP;
        }
        return Verdict.AGAIN;
    }

    public void succeeded(long id) {
        since.remove(id);
    }

    /** The limit as people read it, e.g. "60 min". */
    public String limitText() {
        return limit.toMinutes() + " min";
    }
}
