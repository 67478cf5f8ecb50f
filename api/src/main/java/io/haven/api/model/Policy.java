package io.haven.api.model;

import java.time.Instant;

/**
 * A stored policy.
 *
 * @param lastRecovered when a recovery from one of its backups last started, to track recovery drills;
 *                      null when it was never recovered from
 */
public record Policy(long id, PolicySpec spec, Instant created, Instant lastRecovered) {

    public Policy(long id, PolicySpec spec, Instant created) {
        this(id, spec, created, null);
    }
}
