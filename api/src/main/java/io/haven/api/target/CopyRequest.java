package io.haven.api.target;

import java.util.Map;

/**
 * What core asks of a disaster-recovery copy (guide 10): the run it belongs to and the tags the copy carries from
 * its creation ({@link HavenTags#BACKUP_ID}, {@link HavenTags#POLICY} and {@link HavenTags#COPY_OF}) (since 1.6).
 *
 * @param backupId    Haven's id of the backup run whose artifact is copied
 * @param policyName  the policy's name, for names and descriptions
 * @param description a human description for the copy
 * @param tags        the tags to put on the copy at creation
 * @param log         the run's log, for what the type decides on the user's behalf
 */
public record CopyRequest(String backupId, String policyName, String description, Map<String, String> tags,
                          BackupLog log) {
    public CopyRequest {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        log = log == null ? BackupLog.NONE : log;
    }
}
