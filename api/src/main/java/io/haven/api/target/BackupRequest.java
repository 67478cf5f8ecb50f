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
 */
public record BackupRequest(String backupId, String policyName, String description, Map<String, String> tags) {
    public BackupRequest {
        tags = Map.copyOf(tags);
    }
}
