package io.haven.api.model;

import java.time.Instant;

/**
 * An API key as it is listed: never the key itself, which is shown once when created.
 *
 * @param expires  null when the key does not expire
 * @param lastUsed null when it has not been used; updated at most once a minute
 * @param readOnly whether the key only reads and monitors, as a view-only delegate does: it changes nothing but
 *                 creating read-only keys (since model 1.11)
 */
public record ApiKey(long id, String name, Instant created, Instant expires, Instant lastUsed, boolean readOnly) {

    /** A key with every right of its user (the form of model 1.10 and earlier). */
    public ApiKey(long id, String name, Instant created, Instant expires, Instant lastUsed) {
        this(id, name, created, expires, lastUsed, false);
    }
}
