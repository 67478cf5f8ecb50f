package io.haven.api.service;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.model.ScriptRun;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Backup records. */
@ProviderType
public interface BackupService {

    Page<Backup> list(BackupQuery query);

    Backup get(long id);

    List<BackupArtifact> artifacts(long backupId);

    List<LogEntry> log(long backupId);

    /** The backup scripts that ran for the backup, in order. */
    List<ScriptRun> scripts(long backupId);

    /**
     * Moves a finished backup to the freezer (guide 8.3): retention never deletes it, it outlives its
     * policy, and it goes only when deleted explicitly.
     *
     * @param name        unique among frozen backups
     * @param description optional
     * @throws ConflictException when the name is taken, the backup is in progress or already deleted
     */
    Backup freeze(long backupId, String name, String description);

    /**
     * Deletes a finished backup and its artifacts in AWS now, frozen or not. The record is kept, marked
     * deleted, for the configured number of days.
     *
     * @throws ConflictException when the backup is in progress
     */
    Backup delete(long backupId);
}
