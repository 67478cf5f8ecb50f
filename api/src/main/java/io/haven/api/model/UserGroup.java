package io.haven.api.model;

/**
 * A Haven group for users who sign in with the identity provider (guide 17.3). A member gets the group's settings,
 * unless its {@code cpm_user_permissions} claim overrides them (17.4). The four built-in groups cannot be changed.
 *
 * @param type              the user type members get: {@link UserType#INDEPENDENT}, {@link UserType#MANAGED} (managed
 *                          by root) or {@link UserType#DELEGATE}
 * @param fileLevelRecovery whether members may use file-level recovery (kept for it; Haven has no file-level recovery yet)
 * @param limits            managed and independent members' resource limits
 * @param originalUsername  for a delegate group, the user its members are delegates of; null lets each member's claim
 *                          name it
 * @param permissions       for a delegate group, what its members may do
 */
public record UserGroup(long id, String name, boolean builtIn, boolean enabled, UserType type, boolean fileLevelRecovery,
                        ResourceLimits limits, String originalUsername, DelegatePermissions permissions) {

    /** The prefix of a Haven group's name in the identity provider's {@code cpm_user_groups} claim. */
    public static final String CLAIM_PREFIX = "cpm_";

    public UserGroup {
        limits = limits == null ? ResourceLimits.UNLIMITED : limits;
        permissions = permissions == null ? DelegatePermissions.VIEW_ONLY : permissions;
    }
}
