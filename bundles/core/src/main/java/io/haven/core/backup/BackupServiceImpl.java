package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.Validation;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Read access to backup records. */
@Component(service = BackupService.class)
public class BackupServiceImpl implements BackupService {

    static final Set<String> SORTS = Set.of("started", "ended", "status", "policyId");

    private final HavenStore store;

    @Activate
    public BackupServiceImpl(@Reference HavenStore store) {
        this.store = store;
    }

    @Override
    public Page<Backup> list(BackupQuery query) {
        String sort = query.sort() == null ? "started" : query.sort();
        if (!SORTS.contains(sort)) {
            throw new ValidationException("sort", "Sort by one of " + String.join(", ", SORTS.stream().sorted().toList()));
        }
        Validation.range("page", query.page(), 0, Integer.MAX_VALUE / 1000);
        Validation.range("size", query.size(), 1, 500);
        return store.backups().list(new BackupQuery(query.policyId(), query.status(), sort, query.descending(),
                query.page(), query.size()));
    }

    @Override
    public Backup get(long id) {
        return store.backups().get(id).orElseThrow(() -> new NotFoundException("Backup", id));
    }

    @Override
    public List<BackupArtifact> artifacts(long backupId) {
        get(backupId);
        return store.backups().artifacts(backupId).stream().map(StoredArtifact::view).toList();
    }

    @Override
    public List<LogEntry> log(long backupId) {
        get(backupId);
        return store.backups().logEntries(backupId);
    }
}
