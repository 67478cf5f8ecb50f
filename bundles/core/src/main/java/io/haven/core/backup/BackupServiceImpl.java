package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.ConflictException;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.Validation;
import io.haven.store.BackupRepository.Position;
import io.haven.store.BackupRepository.Slice;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Backup records, the freezer and explicit deletion. */
@Component(service = BackupService.class)
public class BackupServiceImpl implements BackupService {

    static final Set<String> SORTS = Set.of("started", "ended", "status", "policyId");

    private final HavenStore store;
    private final BackupHousekeeper housekeeper;
    private final Clock clock;
    private final Worlds worlds;

    @Activate
    public BackupServiceImpl(@Reference HavenStore store, @Reference BackupHousekeeper housekeeper) {
        this(store, housekeeper, Clock.systemUTC());
    }

    BackupServiceImpl(HavenStore store, BackupHousekeeper housekeeper, Clock clock) {
        this.store = store;
        this.housekeeper = housekeeper;
        this.clock = clock;
        this.worlds = new Worlds(store);
    }

    @Override
    public Page<Backup> list(Caller caller, BackupQuery query) {
        String sort = query.sort() == null ? "started" : query.sort();
        if (!SORTS.contains(sort)) {
            throw new ValidationException("sort", "Sort by one of " + String.join(", ", SORTS.stream().sorted().toList()));
        }
        Validation.range("page", query.page(), 0, BackupQuery.MAX_PAGE);
        Validation.range("size", query.size(), 1, BackupQuery.MAX_SIZE);
        Validation.optionalText("text", query.text(), 200);
        BackupQuery clean = new BackupQuery(query.policyId(), query.status(), sort, query.descending(),
                query.page(), query.size(), query.frozen(), query.text(), query.cursor());
        Position after = null;
        if (query.cursor() != null) {
            if (query.page() != 0) {
                throw new ValidationException("page", "Give a page number or a cursor, not both: a cursor's page "
                        + "follows the page it came from");
            }
            after = BackupCursor.position(query.cursor(), clean);
        }
        Slice slice = store.backups().slice(clean, worlds.visibleOwners(caller), after);
        String next = slice.more() ? BackupCursor.after(clean, slice.items().get(slice.items().size() - 1)) : null;
        return new Page<>(slice.items(), query.page(), query.size(), slice.total(), next, slice.totalIsLowerBound());
    }

    @Override
    public Backup get(Caller caller, long id) {
        worlds.require(caller, Owned.BACKUP, id, "Backup");
        return store.backups().get(id).orElseThrow(() -> new NotFoundException("Backup", id));
    }

    @Override
    public List<BackupArtifact> artifacts(Caller caller, long backupId) {
        get(caller, backupId);
        return store.backups().artifacts(backupId).stream().map(StoredArtifact::view).toList();
    }

    @Override
    public List<io.haven.api.model.DrCopy> drCopies(Caller caller, long backupId) {
        get(caller, backupId);
        return store.copies().ofBackup(backupId).stream().map(io.haven.store.CopyRepository.StoredCopy::view).toList();
    }

    @Override
    public List<LogEntry> log(Caller caller, long backupId) {
        get(caller, backupId);
        return store.backups().logEntries(backupId);
    }

    @Override
    public List<ScriptRun> scripts(Caller caller, long backupId) {
        get(caller, backupId);
        return store.backups().scriptRuns(backupId);
    }

    @Override
    public synchronized Backup freeze(Caller caller, long backupId, String name, String description) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Backup backup = get(caller, backupId);
        String cleanName = Validation.name("name", name);
        String cleanDescription = Validation.optionalText("description", description == null || description.isBlank()
                ? null : description.trim(), 500);
        if (backup.status() == BackupStatus.IN_PROGRESS) {
            throw new ConflictException("Backup " + backupId + " is in progress; freeze it once it has ended");
        }
        if (backup.deleted() != null) {
            throw new ConflictException("Backup " + backupId + " was deleted; there is nothing left to keep");
        }
        if (!store.backups().freeze(backupId, cleanName, cleanDescription, clock.instant())) {
            throw new ConflictException("Another frozen backup is already named '" + cleanName + "'");
        }
        store.backups().log(backupId, LogEntry.Level.INFO, backup.frozen() == null
                ? "Moved to the freezer as '" + cleanName + "'" : "Renamed in the freezer to '" + cleanName + "'",
                clock.instant());
        return get(caller, backupId);
    }

    @Override
    public Backup delete(Caller caller, long backupId) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        Backup backup = get(caller, backupId);
        if (backup.status() == BackupStatus.IN_PROGRESS) {
            throw new ConflictException("Backup " + backupId + " is in progress and cannot be deleted now");
        }
        housekeeper.deleteNow(backup);
        return get(caller, backupId);
    }
}
