package io.haven.rest.dto;

/** The body of POST /backups/{id}/freeze: a unique name and an optional description. */
public record FreezeRequest(String name, String description) {
}
