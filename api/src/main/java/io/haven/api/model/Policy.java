package io.haven.api.model;

import java.time.Instant;

/** A stored policy. */
public record Policy(long id, PolicySpec spec, Instant created) {
}
