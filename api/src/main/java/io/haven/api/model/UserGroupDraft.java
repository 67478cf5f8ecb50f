package io.haven.api.model;

/**
 * A new group, or the new settings of one (guide 17.3). On a change, null keeps what the group has; the name of a
 * group never changes.
 */
public record UserGroupDraft(String name, Boolean enabled, UserType type, Boolean fileLevelRecovery,
                             ResourceLimits limits, String originalUsername, DelegatePermissions permissions) {
}
