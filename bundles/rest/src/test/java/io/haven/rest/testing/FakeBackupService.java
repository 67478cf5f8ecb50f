package io.haven.rest.testing;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import io.haven.api.service.NotFoundException;
import java.time.Instant;
import java.util.List;

/** One finished backup (id 100); remembers the last query it was asked. */
public class FakeBackupService implements BackupService {

    public static final Instant STARTED = Instant.parse("2025-03-01T01:00:00Z");
    public static final Instant ENDED = Instant.parse("2025-03-01T01:05:00Z");
    public static final Backup BACKUP = new Backup(100, 1, "daily", BackupStatus.SUCCESSFUL, BackupTrigger.SCHEDULE,
            1, STARTED, ENDED, "1 snapshot");

    public BackupQuery lastQuery;

    @Override
    public Page<Backup> list(BackupQuery query) {
        lastQuery = query;
        return new Page<>(List.of(BACKUP), query.page(), query.size(), 1);
    }

    @Override
    public Backup get(long id) {
        if (id != BACKUP.id()) {
            throw new NotFoundException("Backup", id);
        }
        return BACKUP;
    }

    @Override
    public List<BackupArtifact> artifacts(long backupId) {
        get(backupId);
        return List.of(new BackupArtifact(1, backupId, "ebs-volume", "ebs-snapshot", "snap-1", "us-east-1", "vol-1",
                "vol-1", "i-1", "/dev/sdf", "completed", STARTED, ENDED));
    }

    @Override
    public List<LogEntry> log(long backupId) {
        get(backupId);
        return List.of(new LogEntry(STARTED, LogEntry.Level.INFO, "Backup started"),
                new LogEntry(ENDED, LogEntry.Level.INFO, "Backup finished"));
    }
}
