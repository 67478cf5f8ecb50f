package io.haven.api.model;

/**
 * A new user. The user name never changes once created.
 *
 * @param type      {@link UserType#INDEPENDENT} or {@link UserType#MANAGED}
 * @param managerId for a managed user: the user who manages it (root or an independent user); null means the
 *                  creator (an independent user can only create users it manages)
 * @param limits    its resource limits, set by root only; null means none (since model 1.7)
 */
public record UserDraft(String username, String email, char[] password, UserType type, Long managerId,
                        ResourceLimits limits) {

    /** The form of model 1.6 and earlier: no limits. */
    public UserDraft(String username, String email, char[] password, UserType type, Long managerId) {
        this(username, email, password, type, managerId, null);
    }
}
