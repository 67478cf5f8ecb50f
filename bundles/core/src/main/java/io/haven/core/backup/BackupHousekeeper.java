package io.haven.core.backup;

import io.haven.api.model.Backup;

/** Deletion of backups outside the engine's own retention: on request, and of deleted policies. */
public interface BackupHousekeeper {

    /** Deletes a finished backup's artifacts now; the record is marked deleted once none is left. */
    void deleteNow(Backup backup);

    /** Deletes, in the background, the artifacts of backups whose policy is gone and that are not frozen. */
    void deleteOrphansSoon();
}
