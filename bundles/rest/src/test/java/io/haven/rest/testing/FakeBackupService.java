package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Frozen;
import io.haven.api.model.LogEntry;
import io.haven.api.model.ScriptRun;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
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

    /** The next cursor of the first page; the only cursor this fake takes, as core takes only its own. */
    public static final String NEXT = "Zmlyc3QtcGFnZS1uZXh0";

    public BackupQuery lastQuery;
    private Backup current = BACKUP;

    @Override
    public Page<Backup> list(Caller caller, BackupQuery query) {
        if (query.cursor() != null && !query.cursor().equals(NEXT)) {
            throw new ValidationException("cursor", "This cursor was changed or was not made by Haven");
        }
        lastQuery = query;
        return query.cursor() == null ? new Page<>(List.of(BACKUP), query.page(), query.size(), 10_000, NEXT, true)
                : new Page<>(List.of(), 0, query.size(), 10_000, null, true);
    }

    @Override
    public Backup get(Caller caller, long id) {
        if (id != BACKUP.id()) {
            throw new NotFoundException("Backup", id);
        }
        return current;
    }

    @Override
    public List<io.haven.api.model.DrCopy> drCopies(Caller caller, long backupId) {
        get(caller, backupId);
        return List.of(new io.haven.api.model.DrCopy(1, backupId, 1, "ebs-volume", "ebs-snapshot", "snap-1", "us-east-1",
                "snap-2", "us-west-2", "COMPLETED", null, STARTED, ENDED, null));
    }

    @Override
    public List<BackupArtifact> artifacts(Caller caller, long backupId) {
        get(caller, backupId);
        return List.of(new BackupArtifact(1, backupId, "ebs-volume", "ebs-snapshot", "snap-1", "us-east-1", "vol-1",
                "vol-1", "i-1", "/dev/sdf", "completed", STARTED, ENDED));
    }

    @Override
    public List<LogEntry> log(Caller caller, long backupId) {
        get(caller, backupId);
        return List.of(new LogEntry(STARTED, LogEntry.Level.INFO, "Backup started"),
                new LogEntry(ENDED, LogEntry.Level.INFO, "Backup finished"));
    }

    @Override
    public List<ScriptRun> scripts(Caller caller, long backupId) {
        get(caller, backupId);
        return List.of(new ScriptRun(ScriptRun.Phase.BEFORE, "before_daily.sh", null, ScriptRun.Outcome.FAILED, 2,
                "db busy\n", STARTED, STARTED));
    }

    /** The name "taken" belongs to another frozen backup. */
    @Override
    public Backup freeze(Caller caller, long backupId, String name, String description) {
        Backup backup = get(caller, backupId);
        if (name == null || name.isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (name.equals("taken")) {
            throw new ConflictException("Another frozen backup is already named 'taken'");
        }
        current = new Backup(backup.id(), backup.policyId(), backup.policyName(), backup.status(), backup.trigger(),
                backup.attempt(), backup.started(), backup.ended(), backup.message(),
                new Frozen(name, description, ENDED), null);
        return current;
    }

    @Override
    public Backup delete(Caller caller, long backupId) {
        Backup backup = get(caller, backupId);
        current = new Backup(backup.id(), backup.policyId(), backup.policyName(), backup.status(), backup.trigger(),
                backup.attempt(), backup.started(), backup.ended(), backup.message(), backup.frozen(), ENDED);
        return current;
    }
}
