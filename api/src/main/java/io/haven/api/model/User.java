package io.haven.api.model;

import java.util.Objects;

/**
 * A Haven user as the interfaces see it; never carries a password or key.
 *
 * @param type      what the user is (guide 16.1)
 * @param managerId  for a {@link UserType#MANAGED} user, the user who manages it (root or an independent user);
 *                   null otherwise
 * @param delegation for a {@link UserType#DELEGATE}, whom it acts for and how; null otherwise (since 1.7)
 */
public record User(long id, String username, UserType type, Long managerId, Delegation delegation) {

    public User {
        Objects.requireNonNull(type, "type");
        if ((type == UserType.DELEGATE) != (delegation != null)) {
            throw new IllegalArgumentException("A delegate, and only a delegate, has a delegation");
        }
    }

    /** A user who is not a delegate (the form of model 1.6). */
    public User(long id, String username, UserType type, Long managerId) {
        this(id, username, type, managerId, null);
    }

    /**
     * The form of model 1.2 and earlier. A user that is not root becomes a managed user without a manager,
     * which sees nothing but its own world.
     */
    public User(long id, String username, boolean root) {
        this(id, username, root ? UserType.ROOT : UserType.MANAGED, null);
    }

    public boolean root() {
        return type == UserType.ROOT;
    }

    /**
     * Whether the user may manage users (guide 16.1): root and independent users may, a managed user may not. The
     * one place of this rule: core enforces it, the interfaces ask it to show or hide what would be refused.
     *
     * @since model 1.5
     */
    public boolean managesUsers() {
        return type == UserType.ROOT || type == UserType.INDEPENDENT;
    }
}
