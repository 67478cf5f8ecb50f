package io.haven.api.model;

import java.util.Objects;

/**
 * That a user is a delegate: whom it acts for, and with which permissions (guide 16.4).
 *
 * @param principal   the user in whose world the delegate acts (never a delegate itself)
 * @param permissions what it may change there
 * @since 1.7
 */
public record Delegation(User principal, DelegatePermissions permissions) {

    public Delegation {
        Objects.requireNonNull(principal, "principal");
        permissions = permissions == null ? DelegatePermissions.VIEW_ONLY : permissions;
    }
}
