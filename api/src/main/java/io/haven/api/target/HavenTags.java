package io.haven.api.target;

/** Tag keys that Haven puts on every artifact it creates, so that a crashed run can be reconciled. */
public final class HavenTags {
    /** Haven's id of the backup run that created the artifact. */
    public static final String BACKUP_ID = "haven:backup-id";
    /** The name of the policy whose run created the artifact. */
    public static final String POLICY = "haven:policy";

    private HavenTags() {
    }
}
