package io.haven.api.model;

/**
 * A new user. The user name never changes once created.
 *
 * @param type      {@link UserType#INDEPENDENT} or {@link UserType#MANAGED}
 * @param managerId for a managed user: the user who manages it (root or an independent user); null means the
 *                  creator (an independent user can only create users it manages)
 */
public record UserDraft(String username, String email, char[] password, UserType type, Long managerId) {
}
