package io.haven.aws.rds;

import io.haven.api.target.ArtifactStatus;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * The status of a DB snapshot or DB cluster snapshot (both carry a free-text {@code Status}) as an
 * {@link ArtifactStatus}.
 */
public final class RdsSnapshotStatus {

    static final String AVAILABLE = "available";
    /** Statuses after which a snapshot will not become usable. */
    private static final Set<String> FAILED = Set.of("failed", "error", "deleting", "deleted");

    private RdsSnapshotStatus() {
    }

    /**
     * @param status          the snapshot's Status as RDS reports it
     * @param percentProgress RDS's PercentProgress, or null
     * @param snapshotId      for the failure message
     */
    public static ArtifactStatus of(String status, Integer percentProgress, String snapshotId) {
        String normal = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (AVAILABLE.equals(normal)) {
            return ArtifactStatus.completed();
        }
        if (FAILED.contains(normal) || normal.startsWith("incompatible")) {
            return ArtifactStatus.failed("RDS reports snapshot " + snapshotId + " as " + status);
        }
        // creating, copying, pending, or a status this code does not know yet: not done
        return ArtifactStatus.pending(percentProgress == null ? -1 : percentProgress);
    }

    /**
     * The status of a DB snapshot as DescribeDBSnapshots answers it: the one judgement that checking one snapshot
     * and checking many share (since 1.3).
     */
    public static ArtifactStatus of(DBSnapshot snapshot) {
        return of(snapshot.status(), snapshot.percentProgress(), snapshot.dbSnapshotIdentifier());
    }

    /** The status of a DB cluster snapshot as DescribeDBClusterSnapshots answers it (since 1.3). */
    public static ArtifactStatus of(DBClusterSnapshot snapshot) {
        return of(snapshot.status(), snapshot.percentProgress(), snapshot.dbClusterSnapshotIdentifier());
    }

    /** The status of a snapshot that no longer exists. */
    public static ArtifactStatus gone(String snapshotId) {
        return ArtifactStatus.failed("Snapshot " + snapshotId + " no longer exists");
    }
}
