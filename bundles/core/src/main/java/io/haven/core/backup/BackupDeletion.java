package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.LogEntry.Level;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.CopyRepository;
import io.haven.store.CopyRepository.StoredCopy;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a backup's artifacts in AWS and marks the record deleted once none is left. An artifact that
 * cannot be deleted now (AWS error, plugin not installed) stays recorded, so a later attempt finds it:
 * nothing is forgotten while it still costs money.
 */
final class BackupDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(BackupDeletion.class);

    /** What one deletion achieved. */
    record Result(int deleted, int left) {
    }

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final Clock clock;

    BackupDeletion(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, Clock clock) {
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.clock = clock;
    }

    /**
     * Deletes every artifact of the backup, logs the reason with the counts, and marks the backup
     * deleted once no artifact is left.
     */
    Result deleteAll(Backup backup, String reason) {
        Result copies = deleteCopies(backup, reason);
        Result result = delete(backup, artifact -> true, reason);
        boolean nothingLeft = store.backups().artifacts(backup.id()).stream()
                .allMatch(a -> BackupRepository.DELETED.equals(a.state()))
                && store.copies().ofBackup(backup.id()).stream()
                .allMatch(c -> CopyRepository.DELETED.equals(c.state()));
        if (nothingLeft) {
            store.backups().markDeleted(backup.id(), clock.instant());
        }
        return new Result(result.deleted() + copies.deleted(), result.left() + copies.left());
    }

    /**
     * Deletes the backup's disaster-recovery copies in every region and DR account (guide 10.2, 11.3: in a DR account
     * that may not delete snapshots, the copy is tagged {@code cpm_deleted} with the time instead, and recorded as
     * deleted by tag); a copy that was never made is
     * only marked deleted, so it is not started any more. A copy whose start is under way is left for a later
     * attempt: its id is not known yet.
     */
    private Result deleteCopies(Backup backup, String reason) {
        int deleted = 0;
        int left = 0;
        for (StoredCopy copy : store.copies().ofBackup(backup.id())) {
            if (CopyRepository.DELETED.equals(copy.state())) {
                continue;
            }
            if (copy.copy() == null) {
                if (CopyRepository.STARTING.equals(copy.state())) {
                    left++;
                } else {
                    store.copies().setState(copy.id(), CopyRepository.DELETED, "never made", clock.instant());
                }
                continue;
            }
            Optional<TargetType> type = types.find(copy.view().targetType());
            if (type.isEmpty()) {
                left++;
                log(backup.id(), Level.WARNING, "Could not delete DR copy " + copy.copy().id() + ": no installed plugin "
                        + "serves type " + copy.view().targetType() + "; it will be tried again");
                continue;
            }
            try {
                var ctx = clouds.context(copy.accountId(), copy.view().region());
                if (copy.crossAccount() && !mayDelete(copy.accountId())) {
                    // guide 11.3: a DR account that may not delete gets its copies flagged for its owner instead
                    String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                    type.get().tag(ctx, copy.copy(), java.util.Map.of(HavenTags.CPM_DELETED, now));
                    store.copies().deletedByTag(copy.id(), "tagged " + HavenTags.CPM_DELETED + "=" + now
                            + ": the DR account may not delete snapshots", clock.instant());
                    log(backup.id(), Level.INFO, "DR copy " + copy.copy().id() + " in " + copy.view().region()
                            + " of the DR account tagged " + HavenTags.CPM_DELETED + "=" + now + " instead of deleted: "
                            + "the account may not delete snapshots");
                } else {
                    type.get().delete(ctx, copy.copy());
                    store.copies().setState(copy.id(), CopyRepository.DELETED, null, clock.instant());
                }
                deleted++;
            } catch (RuntimeException e) {
                left++;
                LOG.warn("Could not delete DR copy {} of backup {}", copy.copy().id(), backup.id(), e);
                log(backup.id(), Level.WARNING, "Could not delete DR copy " + copy.copy().id() + " in "
                        + copy.view().region() + ": " + Polling.message(e) + "; it will be tried again");
            }
        }
        if (deleted + left > 0) {
            log(backup.id(), left > 0 ? Level.WARNING : Level.INFO, reason + ": DR copies in other regions and accounts ("
                    + deleted + " deleted" + (left > 0 ? ", " + left + " left for a later attempt" : "") + ")");
        }
        return new Result(deleted, left);
    }

    /** Whether Haven may delete snapshots in the account ("Allow deleting snapshots", guide 3.2.1). */
    private boolean mayDelete(long accountId) {
        return store.accounts().get(accountId).map(a -> a.account().allowDeletingSnapshots()).orElse(true);
    }

    /**
     * Deletes the backup's artifacts that match, and logs {@code reason} with the counts unless nothing
     * matched. The backup itself stays: a failed backup whose failed artifacts go is still a record of
     * the failure, and of the retry that follows it.
     */
    Result delete(Backup backup, Predicate<StoredArtifact> which, String reason) {
        long accountId = store.backups().accountId(backup.id())
                .or(() -> store.policies().get(backup.policyId()).map(p -> p.spec().accountId()))
                .orElse(-1L);
        int deleted = 0;
        int left = 0;
        for (StoredArtifact artifact : store.backups().artifacts(backup.id())) {
            if (BackupRepository.DELETED.equals(artifact.state()) || !which.test(artifact)) {
                continue;
            }
            Optional<TargetType> type = types.find(artifact.view().targetType());
            if (type.isEmpty()) {
                left++;
                log(backup.id(), Level.WARNING, "Could not delete " + artifact.artifact().id() + ": no installed plugin "
                        + "serves type " + artifact.view().targetType() + "; it will be tried again");
                continue;
            }
            try {
                type.get().delete(clouds.context(accountId, artifact.artifact().region()), artifact.artifact());
                store.backups().setArtifactState(artifact.id(), BackupRepository.DELETED, clock.instant());
                deleted++;
            } catch (RuntimeException e) {
                left++;
                LOG.warn("Could not delete {} of backup {}", artifact.artifact().id(), backup.id(), e);
                log(backup.id(), Level.WARNING, "Could not delete " + artifact.artifact().id() + ": "
                        + Polling.message(e) + "; it will be tried again");
            }
        }
        if (deleted + left > 0) {
            log(backup.id(), left > 0 ? Level.WARNING : Level.INFO, reason + " (" + deleted + " artifacts deleted"
                    + (left > 0 ? ", " + left + " left for a later attempt" : "") + ")");
        }
        return new Result(deleted, left);
    }

    private void log(long backupId, Level level, String message) {
        store.backups().log(backupId, level, message, clock.instant());
    }
}
