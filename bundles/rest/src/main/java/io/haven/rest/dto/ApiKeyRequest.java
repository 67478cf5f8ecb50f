package io.haven.rest.dto;

import java.time.Instant;

/** The body of POST /api-keys; {@code expires} is optional (none: the key does not expire). */
public record ApiKeyRequest(String name, Instant expires) {
}
