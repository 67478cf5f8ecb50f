package io.haven.api.model;

import java.time.Instant;

/**
 * A user's alerts key: what {@code /agentapi/get_cpm_alerts/} takes in its Authorization header (guide 15.2).
 * The key itself is shown once, when it is made ({@code key}); afterwards only whether one is set.
 *
 * @param enabled whether a key is set
 * @param created when the current key was made, or null
 * @param key     the key, only in the answer that made it; null otherwise
 */
public record AlertsKey(boolean enabled, Instant created, String key) {
}
