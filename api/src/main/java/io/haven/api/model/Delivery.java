package io.haven.api.model;

import java.time.Instant;

/**
 * One notification sent (or being sent) through one notifier: queued, retried with back-off, then delivered or
 * failed.
 *
 * @param alertId       the alert it is about, or null (daily summary, test)
 * @param attempts      how many times sending was tried
 * @param lastError     why the last attempt failed, or null
 * @param nextAttempt   when it is tried next, or null once it is done
 * @param done          when it was delivered or given up, or null
 */
public record Delivery(long id, long notifierId, Long alertId, Kind kind, State state, int attempts,
                       String lastError, Instant created, Instant nextAttempt, Instant done) {

    /** What the notification says. */
    public enum Kind { ALERT_RAISED, ALERT_CLEARED, DAILY_SUMMARY, TEST }

    /** Where it is. */
    public enum State { QUEUED, DELIVERED, FAILED }
}
