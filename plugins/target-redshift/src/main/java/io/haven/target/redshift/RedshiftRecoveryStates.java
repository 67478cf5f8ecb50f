package io.haven.target.redshift;

import io.haven.api.recovery.RecoveryState;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.redshift.model.Cluster;

/** A restored Redshift cluster's status as a {@link RecoveryState}. */
final class RedshiftRecoveryStates {

    private static final String AVAILABLE = "available";
    /** Statuses from which the cluster will not become usable without someone stepping in. */
    private static final Set<String> FAILED = Set.of("hardware-failure", "deleting", "storage-full");
    private static final String RESTORE_FAILED = "failed";

    private RedshiftRecoveryStates() {
    }

    static RecoveryState of(Cluster cluster) {
        String status = cluster.clusterStatus() == null ? "" : cluster.clusterStatus().toLowerCase(Locale.ROOT);
        String what = "Redshift cluster " + cluster.clusterIdentifier();
        if (cluster.restoreStatus() != null && RESTORE_FAILED.equalsIgnoreCase(cluster.restoreStatus().status())) {
            return RecoveryState.failed(what + ": the restore from its snapshot failed");
        }
        if (FAILED.contains(status) || status.startsWith("incompatible-")) {
            return RecoveryState.failed(what + " is " + cluster.clusterStatus());
        }
        if (AVAILABLE.equals(status)) {
            // Redshift serves queries while it still loads the data in the background
            return RecoveryState.ready();
        }
        return RecoveryState.pending(cluster.clusterStatus());
    }

    static RecoveryState gone(String clusterId) {
        return RecoveryState.failed("Redshift cluster " + clusterId + " no longer exists");
    }
}
