package io.haven.api.model;

import java.time.Instant;

/**
 * An API key as it is listed: never the key itself, which is shown once when created.
 *
 * @param expires null when the key does not expire
 * @param lastUsed null when it has not been used; updated at most once a minute
 */
public record ApiKey(long id, String name, Instant created, Instant expires, Instant lastUsed) {
}
