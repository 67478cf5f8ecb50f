package io.haven.api.model;

/**
 * Where a backup's disaster-recovery copies stand (guide 10.2) (since 1.7).
 * NONE: DR does not apply (disabled, or the backup failed); SKIPPED: "perform DR every N backups" left it out.
 */
public enum DrStatus { NONE, SKIPPED, IN_PROGRESS, COMPLETED, FAILED, TIMED_OUT }
