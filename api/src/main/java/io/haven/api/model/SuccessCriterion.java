package io.haven.api.model;

/** When a backup counts as successful (guide 4.2.5, "Backup is Successful when"). */
public enum SuccessCriterion {
    /** Everything succeeds, backup scripts included; the default and the stricter choice. */
    NO_ISSUES,
    /** All snapshots succeed; script failures are logged but tolerated. */
    SNAPSHOTS_SUCCEED
}
