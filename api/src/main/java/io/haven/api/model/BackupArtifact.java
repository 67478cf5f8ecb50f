package io.haven.api.model;

import java.time.Instant;

/**
 * An artifact (snapshot, AMI, ...) recorded for a backup.
 *
 * @param state      pending, completed, failed or deleted
 * @param volumeId   the source volume (for EBS snapshots)
 * @param instanceId the instance the volume was attached to, if any
 * @param device     the device name on that instance, if any
 */
public record BackupArtifact(long id, long backupId, String targetType, String kind, String awsId, String region,
                             String resourceId, String volumeId, String instanceId, String device, String state,
                             Instant created, Instant completed) {
}
