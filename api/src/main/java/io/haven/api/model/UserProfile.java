package io.haven.api.model;

import java.time.Instant;

/**
 * A user as user management shows it (guide 16.2): never a password or a key.
 *
 * @param managerId for a managed user, who manages it; null otherwise
 * @param limits    its resource limits, never null (since model 1.7)
 */
public record UserProfile(long id, String username, String email, UserType type, Long managerId, Instant created,
                          ResourceLimits limits) {

    public UserProfile {
        limits = limits == null ? ResourceLimits.UNLIMITED : limits;
    }

    /** The form of model 1.6 and earlier: no limits. */
    public UserProfile(long id, String username, String email, UserType type, Long managerId, Instant created) {
        this(id, username, email, type, managerId, created, ResourceLimits.UNLIMITED);
    }
}
