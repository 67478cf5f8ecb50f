package io.haven.core.backup;

import io.haven.api.model.LogEntry.Level;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The last step of every run: finds what carries the run's tag in AWS but is not recorded (a creating call
 * whose answer was lost and whose look-up missed it, a start cut short by a stop) and brings the record
 * and AWS together. An untracked artifact is adopted when its target has no recorded artifact of the same
 * kind from the same resource (one that failed does not count), and deleted when it does (it is a second copy). Type-agnostic: it goes
 * through the target types' {@code findByBackupId} and {@code targetOf}, and writes what it did to the run's log.
 */
final class RunSweep {

    /** Where to look: one target type in one region. */
    record Place(String type, String region) {
    }

    /** An artifact's identity within a run: of this target, this kind, made from this resource. */
    private record Slot(String type, String target, String kind, String resource) {
    }

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final Clock clock;

    RunSweep(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, Clock clock) {
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.clock = clock;
    }

    /** @return how many artifacts were adopted; they are pending until checked */
    int sweep(long id, long accountId, Set<Place> places) {
        Set<Slot> recorded = new HashSet<>();
        for (StoredArtifact stored : store.backups().artifacts(id)) {
            if (BackupRepository.FAILED.equals(stored.state()) || BackupRepository.DELETED.equals(stored.state())) {
                continue; // a good copy found in AWS replaces one that failed
            }
            recorded.add(new Slot(stored.view().targetType(), stored.targetResourceId(), stored.artifact().kind(),
                    stored.artifact().resourceId()));
        }
        int adopted = 0;
        for (Place place : places) {
            Optional<TargetType> type = types.find(place.type());
            if (type.isEmpty()) {
                continue;
            }
            try {
                CloudContext ctx = clouds.context(accountId, place.region());
                for (Artifact found : type.get().findByBackupId(ctx, String.valueOf(id))) {
                    if (store.backups().isRecorded(found.id(), found.region())) {
                        continue;
                    }
                    String target = type.get().targetOf(found);
                    Slot slot = new Slot(place.type(), target, found.kind(), found.resourceId());
                    if (recorded.add(slot)) {
                        store.backups().addArtifact(id, place.type(), target, found, clock.instant());
                        adopted++;
                        log(id, Level.WARNING, "Adopted " + BackupEngine.describe(found) + " of target " + target
                                + ": this backup made it but had not recorded it");
                    } else {
                        type.get().delete(ctx, found);
                        log(id, Level.WARNING, "Deleted " + BackupEngine.describe(found) + ": a second copy of what "
                                + "this backup recorded for target " + target);
                    }
                }
            } catch (RuntimeException e) {
                log(id, Level.ERROR, "Could not search " + place.type() + " in " + place.region()
                        + " for this backup's unrecorded artifacts: " + Polling.message(e));
            }
        }
        return adopted;
    }

    private void log(long id, Level level, String message) {
        store.backups().log(id, level, message, clock.instant());
    }
}
