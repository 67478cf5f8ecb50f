package io.haven.api.service;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Backup records. */
@ProviderType
public interface BackupService {

    Page<Backup> list(BackupQuery query);

    Backup get(long id);

    List<BackupArtifact> artifacts(long backupId);

    List<LogEntry> log(long backupId);
}
