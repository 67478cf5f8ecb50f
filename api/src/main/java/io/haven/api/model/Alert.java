package io.haven.api.model;

import java.time.Instant;

/**
 * Something a user must look at: for now, a policy that failed as many times in a row as it allows.
 *
 * @param backupId the backup that raised it, or null
 */
public record Alert(long id, Long policyId, String policyName, Long backupId, String message, Instant raised) {
}
