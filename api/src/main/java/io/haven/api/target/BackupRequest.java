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
 */
public record BackupRequest(String backupId, String policyName, String description, Map<String, String> tags,
                            BackupLog log) {
    public BackupRequest {
        tags = Map.copyOf(tags);
        log = log == null ? BackupLog.NONE : log;
    }

    /** A request whose log messages go nowhere (the 1.1 form). */
    public BackupRequest(String backupId, String policyName, String description, Map<String, String> tags) {
        this(backupId, policyName, description, tags, BackupLog.NONE);
    }
}
