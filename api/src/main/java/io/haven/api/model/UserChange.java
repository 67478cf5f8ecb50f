package io.haven.api.model;

/**
 * What can change about a user: its email, its type, its manager and its resource limits. Null keeps the current
 * value; for a change to {@link UserType#MANAGED}, a null manager means the caller.
 *
 * @param limits the user's new resource limits as a whole (a null limit in them means none), set by root only; null
 *               keeps the current ones (since model 1.7)
 */
public record UserChange(String email, UserType type, Long managerId, ResourceLimits limits) {

    /** The form of model 1.6 and earlier: the limits stay. */
    public UserChange(String email, UserType type, Long managerId) {
        this(email, type, managerId, null);
    }
}
