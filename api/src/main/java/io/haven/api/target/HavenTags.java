package io.haven.api.target;

/** Tag keys that Haven puts on every artifact it creates, so that a crashed run can be reconciled. */
public final class HavenTags {
    /** Haven's id of the backup run that created the artifact. */
    public static final String BACKUP_ID = "haven:backup-id";
    /** The name of the policy whose run created the artifact. */
    public static final String POLICY = "haven:policy";
    /**
     * On a disaster-recovery copy: the id of the artifact it was copied from. Copies carry the run's
     * {@link #BACKUP_ID} and {@link #POLICY} too, so that core can adopt a copy made before a stop (since 1.6).
     */
    public static final String COPY_OF = "haven:copy-of";
    /**
     * On a disaster-recovery copy in a DR account that may not delete snapshots (guide 11.3): set instead of deleting
     * the copy when its backup goes, with the time Haven flagged it (ISO-8601, UTC) as the value; the account's owner
     * deletes what carries it (since 1.8).
     */
    public static final String CPM_DELETED = "cpm_deleted";

    private HavenTags() {
    }
}
