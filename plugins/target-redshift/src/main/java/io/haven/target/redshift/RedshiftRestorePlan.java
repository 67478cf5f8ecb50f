package io.haven.target.redshift;

import java.util.Map;
import software.amazon.awssdk.services.redshift.model.RestoreFromClusterSnapshotRequest;

/**
 * The checked steps of one Redshift recovery.
 *
 * @param restore the RestoreFromClusterSnapshot request
 * @param tags    the tags the cluster gets once it exists: RestoreFromClusterSnapshot takes none
 */
record RedshiftRestorePlan(RestoreFromClusterSnapshotRequest restore, Map<String, String> tags) {
    RedshiftRestorePlan {
        tags = Map.copyOf(tags);
    }
}
