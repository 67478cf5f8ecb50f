package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.Policy;
import io.haven.store.HavenStore;
import java.time.Instant;
import java.util.List;

/**
 * Keeps a policy's newest {@code generations} successful backups and deletes the AWS artifacts of
 * older ones, and of unsuccessful runs older than the oldest kept generation. Only successful backups
 * count as generations; frozen backups neither count nor are deleted. Records stay, marked deleted,
 * for the configured number of days (see {@link Housekeeping}).
 */
final class Retention {

    private final HavenStore store;
    private final BackupDeletion deletion;

    Retention(HavenStore store, BackupDeletion deletion) {
        this.store = store;
        this.deletion = deletion;
    }

    void apply(Policy policy) {
        int generations = policy.spec().generations();
        List<Backup> kept = store.backups().liveSuccessful(policy.id());
        if (kept.size() < generations) {
            return;
        }
        Instant oldestKept = kept.get(generations - 1).started();
        for (Backup old : kept.subList(generations, kept.size())) {
            deletion.deleteAll(old, "Deleted: older than the " + generations + " generations that policy "
                    + policy.spec().name() + " keeps");
        }
        for (Backup leftover : store.backups().liveFinished(policy.id())) {
            if (leftover.status() != BackupStatus.SUCCESSFUL && leftover.started().isBefore(oldestKept)) {
                deletion.deleteAll(leftover, "Deleted: artifacts of an unsuccessful backup older than every kept generation");
            }
        }
    }
}
