package io.haven.api.model;

import java.time.Instant;

/**
 * One recorded operation (guide 16.6): who did what, from where, and how it ended. Never holds a secret: core
 * keeps only what the adapters describe (a REST method and path, a shell command with its uncensored
 * arguments) and cuts control characters and length.
 *
 * @param id        increasing: newer entries have larger ids
 * @param time      when it happened
 * @param userId    the user in whose world it happened; {@code null} for a refused sign-in of an unknown name
 * @param username  the user's name at the time (kept when the user is deleted)
 * @param delegate  the delegate who acted for the user, or {@code null}
 * @param address   where the request came from
 * @param channel   rest, shell, console, agent or system
 * @param event     the kind of operation, e.g. {@code PUT /policies/{id}} or {@code haven:policy-update}
 * @param operation the exact operation, e.g. {@code PUT /api/v1/policies/7}
 * @param outcome   {@code succeeded}, or {@code failed: } and why
 * @since model 1.6
 */
public record AuditEntry(long id, Instant time, Long userId, String username, String delegate, String address,
                         String channel, String event, String operation, String outcome) {
}
