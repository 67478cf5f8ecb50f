package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.LogEntry.Level;
import io.haven.api.model.Policy;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a policy's newest {@code generations} successful backups and deletes the AWS artifacts of
 * older ones, and of unsuccessful runs older than the oldest kept generation. Records stay, marked
 * deleted, so that history remains visible.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** Where retention writes a backup's log lines. */
    @FunctionalInterface
    interface BackupLog {
        void log(long backupId, Level level, String message);
    }

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final BackupLog log;
    private final Clock clock;

    Retention(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, BackupLog log, Clock clock) {
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.log = log;
        this.clock = clock;
    }

    void apply(Policy policy) {
        int generations = policy.spec().generations();
        List<Backup> kept = store.backups().liveSuccessful(policy.id());
        if (kept.size() < generations) {
            return;
        }
        Instant oldestKept = kept.get(generations - 1).started();
        for (Backup old : kept.subList(generations, kept.size())) {
            delete(policy, old, "Deleted: older than the " + generations + " generations that policy "
                    + policy.spec().name() + " keeps");
        }
        for (Backup leftover : store.backups().liveFinished(policy.id())) {
            if (leftover.status() != io.haven.api.model.BackupStatus.SUCCESSFUL && leftover.started().isBefore(oldestKept)) {
                delete(policy, leftover, "Deleted: artifacts of an unsuccessful backup older than every kept generation");
            }
        }
    }

    private void delete(Policy policy, Backup backup, String reason) {
        int deleted = 0;
        int failed = 0;
        for (StoredArtifact artifact : store.backups().artifacts(backup.id())) {
            if (BackupRepository.DELETED.equals(artifact.state())) {
                continue;
            }
            Optional<TargetType> type = types.find(artifact.view().targetType());
            if (type.isEmpty()) {
                failed++;
                continue;
            }
            try {
                type.get().delete(clouds.context(policy.spec().accountId(), artifact.artifact().region()), artifact.artifact());
                store.backups().setArtifactState(artifact.id(), BackupRepository.DELETED, clock.instant());
                deleted++;
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("Retention could not delete {} of backup {}", artifact.artifact().id(), backup.id(), e);
                log.log(backup.id(), Level.WARNING, "Could not delete " + artifact.artifact().id() + ": "
                        + BackupEngine.message(e) + "; retention will try again");
            }
        }
        log.log(backup.id(), Level.INFO, reason + " (" + deleted + " artifacts deleted"
                + (failed > 0 ? ", " + failed + " left for a later attempt" : "") + ")");
    }
}
