package io.haven.target.redshift;

import io.haven.api.target.ArtifactStatus;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.redshift.model.Snapshot;

/** A Redshift snapshot's free-text Status as an {@link ArtifactStatus}. */
final class RedshiftSnapshotStatus {

    /** "final snapshot" is the completed snapshot taken when a cluster is deleted. */
    private static final Set<String> COMPLETED = Set.of("available", "final snapshot");
    private static final Set<String> FAILED = Set.of("failed", "deleted");

    private RedshiftSnapshotStatus() {
    }

    static ArtifactStatus of(Snapshot snapshot) {
        String status = snapshot.status() == null ? "" : snapshot.status().toLowerCase(Locale.ROOT);
        if (COMPLETED.contains(status)) {
            return ArtifactStatus.completed();
        }
        if (FAILED.contains(status)) {
            return ArtifactStatus.failed("Redshift reports snapshot " + snapshot.snapshotIdentifier() + " as " + snapshot.status());
        }
        // creating, or a status this code does not know yet: not done
        return ArtifactStatus.pending(progress(snapshot.backupProgressInMegaBytes(), snapshot.totalBackupSizeInMegaBytes()));
    }

    static ArtifactStatus gone(String snapshotId) {
        return ArtifactStatus.failed("Snapshot " + snapshotId + " no longer exists");
    }

    static int progress(Double doneMegaBytes, Double totalMegaBytes) {
        if (doneMegaBytes == null || totalMegaBytes == null || totalMegaBytes <= 0) {
            return -1;
        }
        return (int) Math.min(100, Math.max(0, Math.round(doneMegaBytes * 100 / totalMegaBytes)));
    }
}
