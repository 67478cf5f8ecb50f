package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.DrSettings;
import io.haven.api.model.DrStatus;
import io.haven.api.model.LogEntry.Level;
import io.haven.api.model.Policy;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.CopyDeferredException;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.cluster.Lease;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.CopyRepository;
import io.haven.store.CopyRepository.Planned;
import io.haven.store.CopyRepository.StoredCopy;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disaster recovery (guide 10): copies a backup's completed artifacts to the policy's target regions in the
 * background once the backup has ended.
 *
 * <p>Everything is persisted: the copies are planned (WAITING) when DR starts, marked STARTING before their copy
 * call and PENDING with their AWS id after it, so that a restart ({@link #reconcile()}) adopts a copy started but
 * not recorded (through the type's {@code findCopies}, by the {@link HavenTags#COPY_OF} tag every copy carries from
 * its creation) and the deadline written when DR started still applies. One {@link #tick()} at a time checks the
 * deadlines, polls the pending copies, starts waiting ones while fewer than the bound are in flight in their
 * account and destination region (a copy AWS defers waits for a later tick), and concludes the backups whose
 * copies have all ended. DR of successive backups of one policy is independent: each backup has its own copies.
 * Core knows no resource type: whether and how an artifact is copied is its type's business.
 */
final class DisasterRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DisasterRecovery.class);

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final Clock clock;
    private final int maxCopiesPerRegion;
    /** Told how each backup's DR ended, for the policy's DR alert; none in tests that do not ask. */
    private final io.haven.core.alert.Alerts alerts;

    /** @param maxCopiesPerRegion copies in flight at most per account and destination region (at least 1) */
    DisasterRecovery(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, Clock clock,
                     int maxCopiesPerRegion) {
        this(store, types, clouds, clock, maxCopiesPerRegion, null);
    }

    /** @param alerts raises the policy's DR alert when DRs fail and clears it when one completes */
    DisasterRecovery(HavenStore store, TargetTypeRegistry types, CloudContexts clouds, Clock clock,
                     int maxCopiesPerRegion, io.haven.core.alert.Alerts alerts) {
        this.alerts = alerts;
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.clock = clock;
        this.maxCopiesPerRegion = Math.max(1, maxCopiesPerRegion);
    }

    /**
     * Ticks every {@code interval} on the executor while this node holds the lease (one node at a time works the copy
     * queue of all, decision 0039); the first tick after the lease was taken reconciles what its previous holder, or
     * this node before a restart, left starting.
     *
     * @return the wake-up to call when there is new work (a backup whose DR started)
     */
    Runnable schedule(ScheduledExecutorService executor, Duration interval, Lease lease) {
        Runnable leasedTick = () -> {
            if (!lease.held()) {
                return;
            }
            if (lease.justTaken()) {
                guarded(this::reconcile);
            }
            guarded(this::tick);
        };
        executor.scheduleWithFixedDelay(leasedTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
        // wake-ups coalesce: however many backups end meanwhile, one extra tick is queued
        return () -> {
            if (woken.compareAndSet(false, true)) {
                executor.execute(() -> {
                    woken.set(false);
                    leasedTick.run();
                });
            }
        };
    }

    private static void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("Disaster recovery step failed; it runs again at the next tick", e);
        }
    }

    /**
     * Decides what DR does for a backup that has just ended: nothing when the policy has no DR or the backup
     * failed; SKIPPED when "every N backups" leaves it out; otherwise it plans the copies and marks DR in progress
     * (or completed at once when there is nothing to copy).
     *
     * @return whether copies wait to be started
     */
    boolean backupEnded(long backupId, Policy policy, BackupStatus status) {
        DrSettings dr = policy.spec().dr();
        if (!dr.enabled() || status == BackupStatus.FAILED || status == BackupStatus.IN_PROGRESS) {
            return false;
        }
        if (!due(backupId, policy.id(), dr.everyBackups())) {
            store.backups().setDrStatus(backupId, DrStatus.SKIPPED, null);
            log(backupId, Level.INFO, "DR skipped: this policy copies one backup in " + dr.everyBackups());
            return false;
        }
        Instant deadline = clock.instant().plus(Duration.ofHours(dr.timeoutHours()));
        long accountId = store.backups().accountId(backupId).orElse(policy.spec().accountId());
        Long drAccount = dr.account();
        String drAccountName = null;
        if (drAccount != null) {
            Optional<io.haven.api.model.Account> target = store.accounts().get(drAccount)
                    .map(io.haven.store.AccountRepository.StoredAccount::account);
            if (target.isEmpty()) {
                store.backups().setDrStatus(backupId, DrStatus.FAILED, null);
                log(backupId, Level.ERROR, "DR failed: the policy's DR account " + drAccount + " no longer exists");
                drEnded(backupId, DrStatus.FAILED);
                return false;
            }
            drAccountName = target.get().name();
        }
        String started = "DR started: copying to " + (drAccount == null ? String.join(", ", dr.regions())
                : "DR account " + drAccountName + (dr.regions().isEmpty() ? " in the backup's own regions"
                : " in " + String.join(", ", dr.regions())) + (dr.keepOriginals() ? ""
                : "; the originals are deleted once copied")) + " (timeout " + dr.timeoutHours() + " hours, until "
                + deadline + ")";
        // What is left out is logged after "DR started", once the copies are planned and the DR is in progress.
        List<Runnable> leftOut = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        Set<String> told = new HashSet<>();
        int alreadyThere = 0;
        for (StoredArtifact artifact : store.backups().artifacts(backupId)) {
            if (!BackupRepository.COMPLETED.equals(artifact.state())) {
                continue;
            }
            String typeId = artifact.view().targetType();
            Optional<TargetType> type = types.find(typeId);
            if (type.isEmpty()) {
                if (told.add(typeId)) {
                    leftOut.add(() -> log(backupId, Level.WARNING, "DR: artifacts of type " + typeId + " are not "
                            + "copied: no installed plugin serves the type"));
                }
                continue;
            }
            Optional<String> reason = type.get().notCopiedBecause();
            if (reason.isEmpty() && drAccount != null) {
                reason = type.get().notSharedBecause(); // a type built before 1.8 does not copy across accounts
            }
            if (reason.isPresent()) {
                if (told.add(typeId)) {
                    String why = reason.get();
                    leftOut.add(() -> log(backupId, Level.INFO, "DR: " + why));
                }
                continue;
            }
            List<String> regions = drAccount != null && dr.regions().isEmpty()
                    ? List.of(artifact.artifact().region()) : dr.regions();
            for (String region : regions) {
                if (drAccount == null && region.equals(artifact.artifact().region())) {
                    alreadyThere++; // guide 10.3: a mixed-region policy copies only what is elsewhere
                    continue;
                }
                planned.add(new Planned(artifact.id(), typeId, artifact.artifact().kind(), artifact.artifact().id(),
                        artifact.artifact().region(), region, drAccount));
            }
        }
        // The copies are recorded before the backup's DR is in progress: a tick (of this node or of the lease holder)
        // that sees the DR in progress sees its copies too, and never concludes it with none.
        store.copies().plan(backupId, accountId, planned, clock.instant());
        store.backups().setDrStatus(backupId, DrStatus.IN_PROGRESS, deadline);
        log(backupId, Level.INFO, started);
        leftOut.forEach(Runnable::run);
        log(backupId, Level.INFO, "DR: " + planned.size() + " copies planned" + (alreadyThere > 0 ? "; " + alreadyThere
                + " artifacts are already in a target region and are not copied there" : ""));
        if (planned.isEmpty()) {
            conclude(backupId);
            return false;
        }
        return true;
    }

    /** Whether DR runs for this backup: the first one does, then one in {@code every}. */
    private boolean due(long backupId, long policyId, int every) {
        if (every <= 1) {
            return true;
        }
        List<DrStatus> earlier = store.backups().earlierDrDecisions(policyId, backupId, every);
        if (earlier.isEmpty()) {
            return true;
        }
        int skipped = 0;
        for (DrStatus status : earlier) {
            if (status != DrStatus.SKIPPED) {
                break;
            }
            skipped++;
        }
        return skipped >= every - 1;
    }

    /**
     * One pass: deadlines, then the pending copies' states, then starts within the bound, then conclusions.
     * Synchronized: the scheduled tick and a wake-up never interleave, so the bound is never passed.
     */
    synchronized void tick() {
        Map<Long, Backup> running = new LinkedHashMap<>();
        store.backups().drInProgress().forEach(b -> running.put(b.id(), b));
        for (Backup backup : running.values()) {
            Optional<Instant> deadline = store.backups().drDeadline(backup.id());
            if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
                timeOut(backup.id(), deadline.get());
            }
        }
        List<StoredCopy> open = store.copies().open();
        pollPending(open.stream().filter(c -> CopyRepository.PENDING.equals(c.state())).toList());
        startWaiting(store.copies().open().stream().filter(c -> CopyRepository.WAITING.equals(c.state())).toList(),
                running);
        Set<Long> touched = new LinkedHashSet<>(running.keySet());
        for (long backupId : touched) {
            if (store.copies().ofBackup(backupId).stream().noneMatch(StoredCopy::open)) {
                conclude(backupId);
            }
        }
    }

    private void pollPending(List<StoredCopy> pending) {
        Map<List<Object>, List<StoredCopy>> groups = new LinkedHashMap<>();
        for (StoredCopy copy : pending) {
            groups.computeIfAbsent(List.of(copy.view().targetType(), copy.accountId(), copy.view().region()),
                    k -> new ArrayList<>()).add(copy);
        }
        for (List<StoredCopy> group : groups.values()) {
            StoredCopy first = group.get(0);
            Optional<TargetType> type = types.find(first.view().targetType());
            if (type.isEmpty()) {
                continue; // the plugin may come back; the deadline still applies
            }
            var ctx = clouds.context(first.accountId(), first.view().region());
            for (int from = 0; from < group.size(); from += TargetType.MAX_BATCH) {
                List<StoredCopy> batch = group.subList(from, Math.min(group.size(), from + TargetType.MAX_BATCH));
                Map<String, ArtifactStatus> states;
                try {
                    states = type.get().pollAll(ctx, batch.stream().map(StoredCopy::copy).toList());
                } catch (RuntimeException e) {
                    LOG.debug("Checking DR copies failed", e);
                    continue; // checked again at the next tick
                }
                for (StoredCopy copy : batch) {
                    ArtifactStatus status = states.get(copy.copy().id());
                    if (status != null) {
                        record(copy, status);
                    }
                }
            }
        }
    }

    private void record(StoredCopy copy, ArtifactStatus status) {
        switch (status.state()) {
            case COMPLETED -> {
                store.copies().setState(copy.id(), CopyRepository.COMPLETED, null, clock.instant());
                log(copy.view().backupId(), Level.INFO, "DR copy " + copy.copy().id() + " of " + copy.view().sourceAwsId()
                        + " completed in " + copy.view().region());
            }
            case FAILED -> {
                store.copies().setState(copy.id(), CopyRepository.FAILED, status.message(), clock.instant());
                log(copy.view().backupId(), Level.ERROR, "DR copy " + copy.copy().id() + " of "
                        + copy.view().sourceAwsId() + " failed in " + copy.view().region() + ": " + status.message());
            }
            default -> { }
        }
    }

    private void startWaiting(List<StoredCopy> waiting, Map<Long, Backup> running) {
        Map<List<Object>, Integer> inFlight = new HashMap<>();
        Set<List<Object>> deferred = new HashSet<>();
        for (StoredCopy copy : waiting) {
            Backup backup = running.get(copy.view().backupId());
            if (backup == null) {
                continue; // its DR ended (timed out) or was never started
            }
            List<Object> key = List.of(copy.accountId(), copy.view().region());
            if (deferred.contains(key)) {
                continue;
            }
            int busy = inFlight.computeIfAbsent(key, k -> store.copies().inFlight(copy.accountId(), copy.view().region()));
            if (busy >= maxCopiesPerRegion) {
                continue;
            }
            switch (start(copy, backup)) {
                case STARTED -> inFlight.put(key, busy + 1);
                case DEFERRED -> deferred.add(key);
                case NOT_STARTED -> { }
            }
        }
    }

    private enum Start { STARTED, DEFERRED, NOT_STARTED }

    private Start start(StoredCopy copy, Backup backup) {
        long backupId = backup.id();
        String source = copy.view().sourceAwsId();
        String region = copy.view().region();
        Optional<StoredArtifact> artifact = store.backups().artifacts(backupId).stream()
                .filter(a -> a.id() == copy.view().artifactId()).findFirst();
        if (artifact.isEmpty() || BackupRepository.DELETED.equals(artifact.get().state())) {
            store.copies().setState(copy.id(), CopyRepository.FAILED, "the source artifact was deleted", clock.instant());
            log(backupId, Level.ERROR, "DR copy of " + source + " to " + region + " failed: the source was deleted");
            return Start.NOT_STARTED;
        }
        Optional<TargetType> type = types.find(copy.view().targetType());
        if (type.isEmpty()) {
            store.copies().note(copy.id(), "no installed plugin serves type " + copy.view().targetType());
            return Start.NOT_STARTED;
        }
        if (!store.copies().starting(copy.id())) {
            return Start.NOT_STARTED;
        }
        CopyRequest request = new CopyRequest(String.valueOf(backupId), backup.policyName(),
                "Haven DR copy of " + source + " (backup " + backupId + " of policy " + backup.policyName() + ")",
                Map.of(HavenTags.BACKUP_ID, String.valueOf(backupId), HavenTags.POLICY, backup.policyName(),
                        HavenTags.COPY_OF, source), BackupEngine.runLog(store, clock, backupId));
        io.haven.api.target.CloudContext destination;
        Artifact made;
        try {
            destination = clouds.context(copy.accountId(), region);
            var from = clouds.context(sourceAccount(copy), copy.view().sourceRegion());
            if (copy.crossAccount()) {
                // guide 11: the source account shares the artifact, the DR account makes the copy
                type.get().share(from, artifact.get().artifact(), destination.awsAccountId());
                log(backupId, Level.INFO, "DR: " + source + " shared with the DR account (AWS account "
                        + destination.awsAccountId() + ") for its copy in " + region);
            }
            made = type.get().startCopy(from, destination, artifact.get().artifact(), request);
        } catch (CopyDeferredException e) {
            store.copies().setState(copy.id(), CopyRepository.WAITING, e.getMessage(), clock.instant());
            if (copy.view().message() == null) {
                log(backupId, Level.INFO, "DR copy of " + source + " to " + region + " deferred: " + e.getMessage()
                        + "; it is tried again");
            }
            return Start.DEFERRED;
        } catch (RuntimeException e) {
            store.copies().setState(copy.id(), CopyRepository.FAILED, Polling.message(e), clock.instant());
            log(backupId, Level.ERROR, "DR copy of " + source + " to " + region + " failed: " + Polling.message(e));
            return Start.NOT_STARTED;
        }
        if (!store.copies().started(copy.id(), made)) {
            // the row ended during the call (backup deleted, DR timed out): the copy must not be orphaned
            deleteQuietly(type.get(), destination, made, backupId);
            return Start.NOT_STARTED;
        }
        log(backupId, Level.INFO, "DR copy " + made.id() + " of " + source + " started in " + region);
        return Start.STARTED;
    }

    /** The account of the copy's source: the backup's (a cross-account copy's own account is the DR account). */
    private long sourceAccount(StoredCopy copy) {
        return copy.crossAccount() ? store.backups().accountId(copy.view().backupId()).orElse(copy.accountId())
                : copy.accountId();
    }

    private void deleteQuietly(TargetType type, io.haven.api.target.CloudContext ctx, Artifact made, long backupId) {
        try {
            type.delete(ctx, made);
            log(backupId, Level.INFO, "DR copy " + made.id() + " in " + made.region() + " deleted: its record had ended");
        } catch (RuntimeException e) {
            LOG.warn("Could not delete DR copy {} of backup {}", made.id(), backupId, e);
        }
    }

    private void timeOut(long backupId, Instant deadline) {
        int open = 0;
        for (StoredCopy copy : store.copies().ofBackup(backupId)) {
            if (copy.open()) {
                open++;
                store.copies().setState(copy.id(), CopyRepository.TIMED_OUT, "not complete at the DR deadline "
                        + deadline, clock.instant());
            }
        }
        if (store.backups().changeDrStatus(backupId, DrStatus.IN_PROGRESS, DrStatus.TIMED_OUT)) {
            log(backupId, Level.ERROR, "DR timed out at " + deadline + ": " + open + " copies were not complete; "
                    + "copies already started stay recorded and are deleted with the backup");
            drEnded(backupId, DrStatus.TIMED_OUT);
        }
    }

    /** Ends a backup's DR once none of its copies waits: completed when none failed. */
    private void conclude(long backupId) {
        List<StoredCopy> copies = store.copies().ofBackup(backupId);
        long completed = copies.stream().filter(c -> c.view().completed() != null).count();
        long failed = copies.stream().filter(c -> CopyRepository.FAILED.equals(c.state())
                || CopyRepository.TIMED_OUT.equals(c.state())).count();
        // deleted before they completed: the backup was deleted while its DR ran
        long cancelled = copies.stream().filter(c -> CopyRepository.DELETED.equals(c.state())
                && c.view().completed() == null).count();
        DrStatus status = failed + cancelled > 0 ? DrStatus.FAILED : DrStatus.COMPLETED;
        dropOriginals(backupId, copies);
        if (store.backups().changeDrStatus(backupId, DrStatus.IN_PROGRESS, status)) {
            log(backupId, status == DrStatus.FAILED ? Level.ERROR : Level.INFO, "DR " + status.name().toLowerCase()
                    + ": " + completed + " of " + copies.size() + " copies completed"
                    + (cancelled > 0 ? "; " + cancelled + " were cancelled when the backup was deleted" : ""));
            drEnded(backupId, status);
        }
    }

    /** The policy's DR alert follows how its backups' DRs end (guide 15.1). */
    private void drEnded(long backupId, DrStatus status) {
        if (alerts == null) {
            return;
        }
        store.backups().get(backupId).flatMap(b -> store.policies().get(b.policyId())).ifPresent(policy -> {
            if (status == DrStatus.COMPLETED) {
                alerts.drCompleted(policy);
            } else {
                alerts.drFailed(backupId, policy, status);
            }
        });
    }

    /**
     * "Keep original snapshots" = no (guide 11): the original artifacts all of whose DR-account copies completed are
     * deleted, and those copies stand in for them (recovery from the DR account, retention). An artifact with a copy
     * that did not complete is kept; one whose deletion fails is kept too, and the log says so.
     */
    private void dropOriginals(long backupId, List<StoredCopy> copies) {
        Optional<Backup> backup = store.backups().get(backupId);
        boolean keep = backup.flatMap(b -> store.policies().get(b.policyId()))
                .map(p -> p.spec().dr().keepOriginals()).orElse(true);
        if (keep || backup.isEmpty() || backup.get().drStatus() != DrStatus.IN_PROGRESS) {
            return;
        }
        Map<Long, List<StoredCopy>> byArtifact = new HashMap<>();
        copies.stream().filter(StoredCopy::crossAccount)
                .forEach(c -> byArtifact.computeIfAbsent(c.view().artifactId(), k -> new ArrayList<>()).add(c));
        long sourceAccount = store.backups().accountId(backupId).orElse(-1L);
        int deleted = 0;
        int kept = 0;
        for (StoredArtifact artifact : store.backups().artifacts(backupId)) {
            List<StoredCopy> its = byArtifact.get(artifact.id());
            if (its == null || !BackupRepository.COMPLETED.equals(artifact.state())) {
                continue;
            }
            Optional<TargetType> type = types.find(artifact.view().targetType());
            if (type.isEmpty() || !its.stream().allMatch(c -> CopyRepository.COMPLETED.equals(c.state()))) {
                kept++;
                continue;
            }
            try {
                type.get().delete(clouds.context(sourceAccount, artifact.artifact().region()), artifact.artifact());
            } catch (RuntimeException e) {
                kept++;
                log(backupId, Level.WARNING, "DR: could not delete the original " + artifact.artifact().id() + ": "
                        + Polling.message(e) + "; it is kept");
                continue;
            }
            store.backups().setArtifactState(artifact.id(), BackupRepository.DELETED, clock.instant());
            its.forEach(c -> store.copies().replacesSource(c.id()));
            deleted++;
        }
        log(backupId, kept > 0 ? Level.WARNING : Level.INFO, "DR: keep original snapshots is off: " + deleted
                + " originals deleted, their copies in the DR account stand in for them" + (kept > 0 ? "; " + kept
                + " kept because not all their copies completed" : ""));
    }

    /**
     * After a restart: a copy that was STARTING when Haven stopped may exist in AWS without its id recorded. The
     * copies each type finds in the destination for the backup are matched by their source ({@link HavenTags#COPY_OF}):
     * a STARTING row adopts its copy (or goes back to waiting when there is none); a copy whose row has ended
     * without an id is recorded with it, so that deleting the backup deletes it; a second copy of a source that
     * already has one is deleted. The deadline written when DR started still applies at the next tick.
     */
    synchronized void reconcile() {
        for (Backup backup : store.backups().drInProgress()) {
            List<StoredCopy> copies = store.copies().ofBackup(backup.id());
            if (copies.stream().noneMatch(c -> CopyRepository.STARTING.equals(c.state()))) {
                continue;
            }
            log(backup.id(), Level.WARNING, "Haven stopped while DR copies were starting; looking for them in AWS");
            Map<List<Object>, List<StoredCopy>> places = new LinkedHashMap<>();
            copies.forEach(c -> places.computeIfAbsent(List.of(c.view().targetType(), c.accountId(), c.view().region()),
                    k -> new ArrayList<>()).add(c));
            for (List<StoredCopy> place : places.values()) {
                adopt(backup.id(), place);
            }
        }
    }

    private void adopt(long backupId, List<StoredCopy> place) {
        StoredCopy first = place.get(0);
        Optional<TargetType> type = types.find(first.view().targetType());
        if (type.isEmpty()) {
            return;
        }
        var ctx = clouds.context(first.accountId(), first.view().region());
        List<Artifact> found;
        try {
            found = type.get().findCopies(ctx, String.valueOf(backupId));
        } catch (RuntimeException e) {
            log(backupId, Level.WARNING, "DR: could not look for copies in " + first.view().region() + ": "
                    + Polling.message(e) + "; the starting copies are tried again");
            found = List.of();
        }
        Map<String, StoredCopy> bySource = new HashMap<>();
        place.forEach(c -> bySource.put(c.view().sourceAwsId(), c));
        Set<String> adopted = new HashSet<>();
        for (Artifact copy : found) {
            StoredCopy row = bySource.get(copy.detail(HavenTags.COPY_OF));
            if (row == null || store.copies().isRecorded(copy.id(), copy.region())) {
                continue;
            }
            if (row.copy() == null && adopted.add(row.view().sourceAwsId())) {
                if (store.copies().started(row.id(), copy)) {
                    log(backupId, Level.INFO, "DR copy " + copy.id() + " of " + row.view().sourceAwsId() + " in "
                            + copy.region() + " adopted after the restart");
                } else {
                    store.copies().adoptLate(row.id(), copy);
                }
            } else {
                deleteQuietly(type.get(), ctx, copy, backupId); // a second copy of one source: never kept twice
            }
        }
        for (StoredCopy row : place) {
            if (CopyRepository.STARTING.equals(row.state()) && !adopted.contains(row.view().sourceAwsId())) {
                store.copies().setState(row.id(), CopyRepository.WAITING, "not found after the restart", clock.instant());
            }
        }
    }

    private void log(long id, Level level, String message) {
        store.backups().log(id, level, message, clock.instant());
    }
}
