package io.haven.api.model;

/**
 * What can change about a user: its email, its type and its manager. Null keeps the current value; for a
 * change to {@link UserType#MANAGED}, a null manager means the caller.
 */
public record UserChange(String email, UserType type, Long managerId) {
}
