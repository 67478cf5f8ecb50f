package io.haven.target.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.ArtifactStatus.State;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshift.model.Snapshot;

class RedshiftSnapshotStatusTest {

    @Test
    void availableAndFinalSnapshotsAreCompleted() {
        assertThat(RedshiftSnapshotStatus.of(snapshot("available"))).isEqualTo(ArtifactStatus.completed());
        assertThat(RedshiftSnapshotStatus.of(snapshot("final snapshot"))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void failedAndDeletedSnapshotsHaveFailed() {
        for (String status : new String[] {"failed", "deleted", "Failed"}) {
            ArtifactStatus result = RedshiftSnapshotStatus.of(snapshot(status));
            assertThat(result.state()).as(status).isEqualTo(State.FAILED);
            assertThat(result.message()).contains("snap-1", status);
        }
    }

    @Test
    void creatingSnapshotsArePendingWithTheirProgress() {
        Snapshot creating = snapshot("creating").toBuilder()
                .backupProgressInMegaBytes(250.0).totalBackupSizeInMegaBytes(1000.0).build();

        assertThat(RedshiftSnapshotStatus.of(creating)).isEqualTo(ArtifactStatus.pending(25));
        assertThat(RedshiftSnapshotStatus.of(snapshot("creating"))).isEqualTo(ArtifactStatus.pending(-1));
        assertThat(RedshiftSnapshotStatus.progress(5.0, 0.0)).isEqualTo(-1);
        assertThat(RedshiftSnapshotStatus.progress(1200.0, 1000.0)).isEqualTo(100);
    }

    private static Snapshot snapshot(String status) {
        return Snapshot.builder().snapshotIdentifier("snap-1").status(status).build();
    }
}
