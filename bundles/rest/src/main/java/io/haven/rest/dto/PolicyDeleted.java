package io.haven.rest.dto;

/** The answer to DELETE /policies/{id}: how many unfrozen backups are being deleted with it. */
public record PolicyDeleted(long policyId, int backupsDeleted) {
}
