package io.haven.api.model;

/** A Haven user as the interfaces see it; never carries a password or key. */
public record User(long id, String username, boolean root) {
}
