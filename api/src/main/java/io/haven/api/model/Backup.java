package io.haven.api.model;

import java.time.Instant;

/**
 * One backup run of a policy.
 *
 * @param attempt  1 for the first try, 2 and up for retries
 * @param ended    null while in progress
 * @param message  a one-line summary of the outcome
 * @param frozen   set when the backup is in the freezer, otherwise null
 * @param deleted  when its artifacts were deleted (retention, policy deletion); the record is kept
 *                 for the configured number of days; null while it can be recovered from
 * @param drStatus where its disaster-recovery copies stand (since 1.7)
 */
public record Backup(long id, long policyId, String policyName, BackupStatus status, BackupTrigger trigger,
                     int attempt, Instant started, Instant ended, String message, Frozen frozen, Instant deleted,
                     DrStatus drStatus) {

    public Backup {
        drStatus = drStatus == null ? DrStatus.NONE : drStatus;
    }

    public Backup(long id, long policyId, String policyName, BackupStatus status, BackupTrigger trigger,
                  int attempt, Instant started, Instant ended, String message, Frozen frozen, Instant deleted) {
        this(id, policyId, policyName, status, trigger, attempt, started, ended, message, frozen, deleted, null);
    }

    public Backup(long id, long policyId, String policyName, BackupStatus status, BackupTrigger trigger,
                  int attempt, Instant started, Instant ended, String message) {
        this(id, policyId, policyName, status, trigger, attempt, started, ended, message, null, null, null);
    }
}
