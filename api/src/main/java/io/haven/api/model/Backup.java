package io.haven.api.model;

import java.time.Instant;

/**
 * One backup run of a policy.
 *
 * @param attempt 1 for the first try, 2 and up for retries
 * @param ended   null while in progress
 * @param message a one-line summary of the outcome
 */
public record Backup(long id, long policyId, String policyName, BackupStatus status, BackupTrigger trigger,
                     int attempt, Instant started, Instant ended, String message) {
}
