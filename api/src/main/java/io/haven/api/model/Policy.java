package io.haven.api.model;

import java.time.Instant;

/**
 * A stored policy.
 *
 * @param lastRecovered when a recovery from one of its backups last started, to track recovery drills;
 *                      null when it was never recovered from
 * @param madeByTagScan true when a tag scan created it from a template (guide 13: "This policy was automatically
 *                      added by tag scan") (since 1.6)
 */
public record Policy(long id, PolicySpec spec, Instant created, Instant lastRecovered, boolean madeByTagScan) {

    public Policy(long id, PolicySpec spec, Instant created, Instant lastRecovered) {
        this(id, spec, created, lastRecovered, false);
    }

    public Policy(long id, PolicySpec spec, Instant created) {
        this(id, spec, created, null);
    }
}
