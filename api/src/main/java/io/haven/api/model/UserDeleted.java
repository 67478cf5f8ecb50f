package io.haven.api.model;

import java.util.List;

/**
 * What deleting a user removed from Haven, and what it left in AWS. Haven deletes the user's records (accounts,
 * schedules, policies, backups, recoveries, alerts, API keys) but not the snapshots, images and other artifacts
 * in AWS: they are listed here (and in the log) for their owner to keep, or delete in AWS.
 *
 * @param artifactsLeft the artifacts of the user's backups that were still in AWS, at most
 *                      {@link #MAX_LISTED}; {@code artifactsLeftTotal} counts them all
 */
public record UserDeleted(long id, String username, int accounts, int schedules, int policies, int backups,
                          int recoveries, int alerts, int artifactsLeftTotal, List<ArtifactLeft> artifactsLeft) {

    public static final int MAX_LISTED = 1000;

    /** One artifact left in AWS: what it is, its id and where it is. */
    public record ArtifactLeft(String kind, String awsId, String region, String awsAccountId, long backupId) {
    }
}
