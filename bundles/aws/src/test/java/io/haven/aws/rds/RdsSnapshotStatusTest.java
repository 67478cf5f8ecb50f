package io.haven.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.ArtifactStatus.State;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

class RdsSnapshotStatusTest {

    @Test
    void availableIsCompleted() {
        assertThat(RdsSnapshotStatus.of("available", 100, "s")).isEqualTo(ArtifactStatus.completed());
        assertThat(RdsSnapshotStatus.of("Available", null, "s")).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void creatingAndUnknownStatusesArePendingWithProgress() {
        assertThat(RdsSnapshotStatus.of("creating", 40, "s")).isEqualTo(ArtifactStatus.pending(40));
        assertThat(RdsSnapshotStatus.of("copying", null, "s")).isEqualTo(ArtifactStatus.pending(-1));
        assertThat(RdsSnapshotStatus.of("something-new", 5, "s").state()).isEqualTo(State.PENDING);
    }

    @Test
    void failedDeletedAndIncompatibleSnapshotsHaveFailed() {
        for (String status : new String[] {"failed", "error", "deleting", "deleted", "incompatible-restore"}) {
            ArtifactStatus result = RdsSnapshotStatus.of(status, 0, "snap-1");
            assertThat(result.state()).as(status).isEqualTo(State.FAILED);
            assertThat(result.message()).contains("snap-1", status);
        }
        assertThat(RdsSnapshotStatus.gone("snap-2").message()).contains("snap-2");
    }

    @Test
    void describedSnapshotsAreJudgedByTheirStatusAndProgress() {
        assertThat(RdsSnapshotStatus.of(DBSnapshot.builder().dbSnapshotIdentifier("s").status("creating")
                .percentProgress(30).build())).isEqualTo(ArtifactStatus.pending(30));
        assertThat(RdsSnapshotStatus.of(DBClusterSnapshot.builder().dbClusterSnapshotIdentifier("c").status("available")
                .build())).isEqualTo(ArtifactStatus.completed());
        assertThat(RdsSnapshotStatus.of(DBClusterSnapshot.builder().dbClusterSnapshotIdentifier("c-1").status("failed")
                .build())).isEqualTo(RdsSnapshotStatus.of("failed", null, "c-1"));
    }
}
