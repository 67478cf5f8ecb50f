package io.haven.rest.dto;

import io.haven.api.model.User;
import io.haven.api.model.UserType;
import java.time.Instant;

/**
 * Who is signed in, as GET and POST /session answer. {@code csrfToken} and {@code expires} are those of the
 * browser session the request came with, null for Basic and Bearer requests, which need no such token.
 * {@code type} and {@code managesUsers} let an interface hide what the API would refuse; the API refuses anyway.
 * {@code userId} finds the user's own profile (GET /users/{userId}), with its resource limits; {@code actingFor} names
 * the user whose world a delegate acts in (null for everyone else).
 */
public record SessionInfo(long userId, String username, boolean root, UserType type, boolean managesUsers,
                          String actingFor, String csrfToken, Instant expires) {

    public static SessionInfo of(User user, String csrfToken, Instant expires) {
        return new SessionInfo(user.id(), user.username(), user.root(), user.type(), user.managesUsers(),
                user.delegation() == null ? null : user.delegation().principal().username(), csrfToken, expires);
    }
}
