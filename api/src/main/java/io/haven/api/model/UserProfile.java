package io.haven.api.model;

import java.time.Instant;

/**
 * A user as user management shows it (guide 16.2): never a password or a key.
 *
 * @param managerId for a managed user, who manages it; null otherwise
 */
public record UserProfile(long id, String username, String email, UserType type, Long managerId, Instant created) {
}
