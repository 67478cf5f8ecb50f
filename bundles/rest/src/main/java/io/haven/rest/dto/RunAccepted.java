package io.haven.rest.dto;

/** The answer to POST /policies/{id}/run: the backup that was started. */
public record RunAccepted(long backupId) {
}
