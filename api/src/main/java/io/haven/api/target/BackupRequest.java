package io.haven.api.target;

import java.util.Map;

/**
 * What a backup run hands a target type.
 *
 * @param backupId    Haven's id of the run
 * @param policyName  the policy's name, also put into artifact descriptions
 * @param description the description to give each artifact
 * @param tags        tags that every artifact must carry from its creation (TagSpecifications),
 *                    at least {@link HavenTags#BACKUP_ID} and {@link HavenTags#POLICY}
 * @param log         the run's log, for what the plugin wants the user to read (since 1.2)
 * @param resumed     whether this target's backup may have been started before, by this same run, when Haven
 *                    stopped: the type then looks for what the run already made (by the run's tag and the
 *                    resource, or by the unique name it gives) and returns that instead of making it again
 *                    (since 1.3)
 */
public record BackupRequest(String backupId, String policyName, String description, Map<String, String> tags,
                            BackupLog log, boolean resumed) {
    public BackupRequest {
        tags = Map.copyOf(tags);
        log = log == null ? BackupLog.NONE : log;
    }

    /** A first start of the target (the 1.2 form). */
    public BackupRequest(String backupId, String policyName, String description, Map<String, String> tags,
                         BackupLog log) {
        this(backupId, policyName, description, tags, log, false);
    }

    /** A request whose log messages go nowhere (the 1.1 form). */
    public BackupRequest(String backupId, String policyName, String description, Map<String, String> tags) {
        this(backupId, policyName, description, tags, BackupLog.NONE, false);
    }

    /** The same request for a target that may have been started before Haven stopped. */
    public BackupRequest asResumed() {
        return new BackupRequest(backupId, policyName, description, tags, log, true);
    }
}
