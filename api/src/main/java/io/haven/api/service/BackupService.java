package io.haven.api.service;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.model.ScriptRun;
import java.util.List;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Backup records. */
@ProviderType
public interface BackupService {

    /**
     * A page of the backups the caller sees, with the cursor of the next page.
     *
     * @throws ValidationException naming the field: an unknown sort, a page or size out of range, a cursor that is
     *                             malformed, changed or of another listing ({@code cursor}), a page number beside a
     *                             cursor ({@code page})
     */
    Page<Backup> list(Caller caller, BackupQuery query);

    Backup get(Caller caller, long id);

    List<BackupArtifact> artifacts(Caller caller, long backupId);

    List<LogEntry> log(Caller caller, long backupId);

    /**
     * The backup's disaster-recovery copies in other regions (guide 10), in the order they were planned; empty
     * when DR did not run for it (since 2.2).
     */
    default List<io.haven.api.model.DrCopy> drCopies(Caller caller, long backupId) {
        return List.of();
    }

    /** The backup scripts that ran for the backup, in order. */
    List<ScriptRun> scripts(Caller caller, long backupId);

    /**
     * Moves a finished backup to the freezer (guide 8.3): retention never deletes it, it outlives its
     * policy, and it goes only when deleted explicitly.
     *
     * @param name        unique among frozen backups
     * @param description optional
     * @throws ConflictException when the name is taken, the backup is in progress or already deleted
     */
    Backup freeze(Caller caller, long backupId, String name, String description);

    /**
     * Deletes a finished backup and its artifacts in AWS now, frozen or not. The record is kept, marked
     * deleted, for the configured number of days.
     *
     * @throws ConflictException when the backup is in progress
     */
    Backup delete(Caller caller, long backupId);
}
