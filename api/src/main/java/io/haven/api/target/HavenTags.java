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

    private HavenTags() {
    }
}
