package io.haven.rest.dto;

/** The body of POST /api-keys. */
public record ApiKeyRequest(String name) {
}
