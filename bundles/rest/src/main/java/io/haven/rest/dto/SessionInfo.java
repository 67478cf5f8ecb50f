package io.haven.rest.dto;

import java.time.Instant;

/**
 * Who is signed in, as GET and POST /session answer. {@code csrfToken} and {@code expires} are those of the
 * browser session the request came with, null for Basic and Bearer requests, which need no such token.
 */
public record SessionInfo(String username, boolean root, String csrfToken, Instant expires) {
}
