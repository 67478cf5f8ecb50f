package io.haven.target.aurora;

import java.util.Optional;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;

/**
 * The checked requests of one Aurora recovery, in the order they are sent.
 *
 * @param cluster restores the cluster
 * @param writer  creates the writer instance; empty for a serverless cluster
 * @param reader  creates the reader instance; present for a Multi-AZ recovery
 */
record ClusterRestorePlan(RestoreDbClusterFromSnapshotRequest cluster, Optional<CreateDbInstanceRequest> writer,
                          Optional<CreateDbInstanceRequest> reader) {
}
