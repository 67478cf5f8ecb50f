package io.haven.shell.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.Frozen;
import io.haven.api.model.LogEntry;
import io.haven.api.model.ScriptRun;
import io.haven.api.service.ConflictException;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import io.haven.api.service.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Backups in memory; {@link #list} filters by policy and status and pages, newest (highest id) first. */
public class FakeBackups implements BackupService {

    public final Map<Long, Backup> backups = new LinkedHashMap<>();
    public final Map<Long, List<BackupArtifact>> artifacts = new LinkedHashMap<>();
    public final Map<Long, List<LogEntry>> logs = new LinkedHashMap<>();
    public final Map<Long, List<ScriptRun>> scripts = new LinkedHashMap<>();
    public final Map<Long, List<io.haven.api.model.DrCopy>> drCopies = new LinkedHashMap<>();
    public BackupQuery lastQuery;

    @Override
    public List<io.haven.api.model.DrCopy> drCopies(Caller caller, long backupId) {
        get(caller, backupId);
        return drCopies.getOrDefault(backupId, List.of());
    }

    public void add(Backup backup) {
        backups.put(backup.id(), backup);
    }

    @Override
    public Page<Backup> list(Caller caller, BackupQuery query) {
        lastQuery = query;
        List<Backup> matching = new ArrayList<>(backups.values().stream()
                .filter(b -> query.policyId() == null || b.policyId() == query.policyId())
                .filter(b -> query.status() == null || b.status() == query.status())
                .filter(b -> query.frozen() == null || (b.frozen() != null) == query.frozen())
                .filter(b -> query.text() == null || (b.frozen() != null && (b.frozen().name().contains(query.text())
                        || String.valueOf(b.frozen().description()).contains(query.text())))).toList());
        matching.sort((a, b) -> Long.compare(b.id(), a.id()));
        int from = Math.min(matching.size(), query.page() * query.size());
        if (query.cursor() != null) {
            // This fake's cursors are "after-<id>"; core's are opaque and checked, so refuse anything else as it would.
            if (!query.cursor().matches("after-\\d+")) {
                throw new io.haven.api.service.ValidationException("cursor", "This cursor was changed or was not made by Haven");
            }
            long after = Long.parseLong(query.cursor().substring("after-".length()));
            from = (int) matching.stream().takeWhile(b -> b.id() >= after).count();
        }
        int to = Math.min(matching.size(), from + query.size());
        String next = to < matching.size() ? "after-" + matching.get(to - 1).id() : null;
        return new Page<>(matching.subList(from, to), query.page(), query.size(), matching.size(), next, false);
    }

    @Override
    public Backup get(Caller caller, long id) {
        Backup b = backups.get(id);
        if (b == null) {
            throw new NotFoundException("Backup", id);
        }
        return b;
    }

    @Override
    public List<BackupArtifact> artifacts(Caller caller, long backupId) {
        get(caller, backupId);
        return artifacts.getOrDefault(backupId, List.of());
    }

    @Override
    public List<LogEntry> log(Caller caller, long backupId) {
        get(caller, backupId);
        return logs.getOrDefault(backupId, List.of());
    }

    @Override
    public List<ScriptRun> scripts(Caller caller, long backupId) {
        get(caller, backupId);
        return scripts.getOrDefault(backupId, List.of());
    }

    @Override
    public Backup freeze(Caller caller, long backupId, String name, String description) {
        Backup b = get(caller, backupId);
        if (backups.values().stream().anyMatch(o -> o.frozen() != null && o.frozen().name().equals(name))) {
            throw new ConflictException("Another frozen backup is already named '" + name + "'");
        }
        Backup frozen = new Backup(b.id(), b.policyId(), b.policyName(), b.status(), b.trigger(), b.attempt(),
                b.started(), b.ended(), b.message(), new Frozen(name, description, b.ended()), b.deleted());
        backups.put(backupId, frozen);
        return frozen;
    }

    @Override
    public Backup delete(Caller caller, long backupId) {
        Backup b = get(caller, backupId);
        Backup deleted = new Backup(b.id(), b.policyId(), b.policyName(), b.status(), b.trigger(), b.attempt(),
                b.started(), b.ended(), b.message(), b.frozen(), b.ended());
        backups.put(backupId, deleted);
        return deleted;
    }
}
