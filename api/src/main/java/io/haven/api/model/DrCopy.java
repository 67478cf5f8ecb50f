package io.haven.api.model;

import java.time.Instant;

/**
 * One disaster-recovery copy of a backup's artifact in another region (guide 10) (since 1.7).
 *
 * @param artifactId   Haven's id of the source artifact ({@link BackupArtifact#id()})
 * @param sourceAwsId  the source artifact's AWS id
 * @param awsId        the copy's AWS id; null while the copy waits to be started
 * @param region       the region the copy is made in
 * @param state        WAITING, STARTING, PENDING, COMPLETED, FAILED, TIMED_OUT or DELETED
 * @param message      why it failed or waits, if it did
 * @param completed    when it completed, if it did
 */
public record DrCopy(long id, long backupId, long artifactId, String targetType, String kind, String sourceAwsId,
                     String sourceRegion, String awsId, String region, String state, String message, Instant created,
                     Instant completed, Instant deleted) {
}
