package io.haven.api.model;

import java.time.Instant;

/**
 * One disaster-recovery copy of a backup's artifact in another region or account (guide 10, 11) (since 1.7).
 *
 * @param artifactId   Haven's id of the source artifact ({@link BackupArtifact#id()})
 * @param sourceAwsId  the source artifact's AWS id
 * @param awsId        the copy's AWS id; null while the copy waits to be started
 * @param region       the region the copy is made in
 * @param state        WAITING, STARTING, PENDING, COMPLETED, FAILED, TIMED_OUT or DELETED
 * @param message      why it failed or waits, if it did
 * @param completed    when it completed, if it did
 * @param accountId    Haven's id of the account the copy is in: the backup's, or the policy's DR account (since 1.11)
 * @param crossAccount whether the copy is in a DR account (guide 11) (since 1.11)
 * @param deletedByTag DELETED by the tag {@code cpm_deleted} rather than deleted: its DR account may not delete
 *                     snapshots (guide 11.3) (since 1.11)
 */
public record DrCopy(long id, long backupId, long artifactId, String targetType, String kind, String sourceAwsId,
                     String sourceRegion, String awsId, String region, String state, String message, Instant created,
                     Instant completed, Instant deleted, Long accountId, boolean crossAccount, boolean deletedByTag) {

    public DrCopy(long id, long backupId, long artifactId, String targetType, String kind, String sourceAwsId,
                  String sourceRegion, String awsId, String region, String state, String message, Instant created,
                  Instant completed, Instant deleted) {
        this(id, backupId, artifactId, targetType, kind, sourceAwsId, sourceRegion, awsId, region, state, message,
                created, completed, deleted, null, false, false);
    }
}
