package io.haven.api.model;

/** What a backup does with a target whose resource no longer exists (guide 4.2.1, Auto Target Removal). */
public enum TargetRemoval {
    /** Keep the target; the backup reports it as failed. */
    NO,
    /** Remove the target from the policy and note it in the backup log. */
    YES,
    /** Remove the target and write a warning to the backup log. */
    YES_AND_ALERT
}
