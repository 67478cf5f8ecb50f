package io.haven.rest.dto;

import java.time.Instant;

/**
 * The body of POST /api-keys; {@code expires} is optional (none: the key does not expire, or expires with the key
 * that makes it), and so is {@code readOnly} (none: read-only when made with a read-only key).
 */
public record ApiKeyRequest(String name, Instant expires, Boolean readOnly) {
}
