package io.haven.api.model;

import java.time.Instant;

/**
 * A delegate as its principal's manager sees it (guide 16.4): its own sign-in, acting in the principal's world.
 *
 * @param principalId the user it acts for
 * @since 1.7
 */
public record Delegate(long id, String username, String email, long principalId, DelegatePermissions permissions,
                       Instant created) {
}
