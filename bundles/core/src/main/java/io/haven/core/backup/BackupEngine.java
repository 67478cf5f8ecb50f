package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry.Level;
import io.haven.api.model.Policy;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptRun.Phase;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.service.ConflictException;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.api.target.TargetType;
import io.haven.core.account.CloudContexts;
import io.haven.core.alert.AlertListener;
import io.haven.core.alert.Alerts;
import io.haven.core.cluster.Node;
import io.haven.core.limits.ResourceLimitRules;
import io.haven.store.OwnerRepository.Owned;
import io.haven.core.internal.KeyedExecutor;
import io.haven.core.internal.PollErrors;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.HavenStore;
import io.haven.store.PolicyRepository.StoredTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs backups as a persisted state machine.
 *
 * <p>A run is recorded (in progress) before the first AWS call; every artifact is tagged at creation
 * with the run's id and recorded as soon as AWS returns it; the run notes when all targets were started.
 * Waiting for artifacts is a self-rescheduling poll with back-off on a small shared pool, never a
 * thread per artifact. Starting the targets and concluding a run, the steps that run backup scripts,
 * happen on a separate executor: a script may wait for minutes, and polling must not wait with it.
 * Each target's progress is recorded before its first AWS call and after its last; after a crash,
 * {@link #reconcile()} resumes the targets left while the run's window is open ({@link ResumeWindow}) and
 * names the ones it skips after. Every run ends with a {@link RunSweep} that adopts or deletes what carries
 * its tag in AWS but is not recorded.
 */
public class BackupEngine {

    private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);

    private final HavenStore store;
    private final TargetTypeRegistry types;
    private final CloudContexts clouds;
    private final ScheduledExecutorService executor;
    /**
     * Where the steps that may run a backup script or wait for AWS's pace go, keyed by the run's account
     * ({@link #accountKey}); at most one per policy is busy at a time, and none waits for another (decision 0047).
     */
    private final KeyedExecutor runs;
    private final Clock clock;
    private final Duration maxPollInterval;
    private final PollErrors pollErrors;
    private final BackupScripts scripts;
    private final BackupDeletion deletion;
    private final RetentionQueue retention;
    private final RunSweep sweep;
    private final ResumeWindow window;

    private final BilledStorage billedStorage;
    private final Alerts alerts;
    private final ResourceLimitRules resourceLimits;
    /** This node: it carries the runs it starts or claims (decision 0039). */
    private final Node node;
    /** The runs this node has in hand: started, picked up or reconciled here, and not ended. */
    private final Set<Long> carried = ConcurrentHashMap.newKeySet();

    /**
     * The engine's limits, from the core configuration.
     *
     * @param maxPollInterval        longest wait between two status checks of a pending artifact
     * @param pollErrorLimit         how long the checks of one artifact may fail in a row before it counts as failed
     * @param billedStorageLimitGiB  Aurora and DynamoDB storage the user allows to protect (10 GiB steps); 0: no limit
     * @param storageWarningPercent  share of that limit from which each backup warns
     * @param zone                   the zone schedules are evaluated in
     * @param resumeWindowCap        longest time after its start that an interrupted run still starts the targets
     *                               it had not started (see {@link ResumeWindow})
     */
    public record Limits(Duration maxPollInterval, Duration pollErrorLimit, long billedStorageLimitGiB,
                         int storageWarningPercent, ZoneId zone, Duration resumeWindowCap) {
        /** The configuration's defaults but for the poll interval. */
        public static Limits defaults(Duration maxPollInterval) {
            return new Limits(maxPollInterval, Duration.ofMinutes(60), 0, 90, ZoneOffset.UTC, Duration.ofHours(12));
        }
    }

    /**
     * @param executor  polls, retries and clean-up: short steps
     * @param runs      starting targets and concluding runs, which may wait for backup scripts
     */
    public BackupEngine(HavenStore store, TargetTypeRegistry types, CloudContexts clouds,
                        ScheduledExecutorService executor, Executor runs, Clock clock, BackupScripts scripts,
                        Limits limits) {
        this(store, types, clouds, executor, runs, clock, scripts, limits, () -> AlertListener.NONE);
    }

    /** @param alertListener told of alerts raised and cleared (notifications); asked each time, as it may come and go */
    public BackupEngine(HavenStore store, TargetTypeRegistry types, CloudContexts clouds,
                        ScheduledExecutorService executor, Executor runs, Clock clock, BackupScripts scripts,
                        Limits limits, Supplier<AlertListener> alertListener) {
        this(store, types, clouds, executor, runs, clock, scripts, limits, alertListener, Node.single(store, clock));
    }

    /** @param node this node among those sharing the database: the engine carries its runs (decision 0039) */
    public BackupEngine(HavenStore store, TargetTypeRegistry types, CloudContexts clouds,
                        ScheduledExecutorService executor, Executor runs, Clock clock, BackupScripts scripts,
                        Limits limits, Supplier<AlertListener> alertListener, Node node) {
        this(store, types, clouds, executor, KeyedExecutor.of(runs), clock, scripts, limits, alertListener, node);
    }

    /** Retention takes its turn in {@code runs} too, as a task of its own after the run's end. */
    public BackupEngine(HavenStore store, TargetTypeRegistry types, CloudContexts clouds,
                        ScheduledExecutorService executor, KeyedExecutor runs, Clock clock, BackupScripts scripts,
                        Limits limits, Supplier<AlertListener> alertListener, Node node) {
        this(store, types, clouds, executor, runs, runs, clock, scripts, limits, alertListener, node);
    }

    /**
     * @param runs      starting targets and concluding runs, keyed by {@link #accountKey} so that a bounded pool can
     *                  share its threads among the accounts (decision 0047)
     * @param retention retention passes, keyed the same way, so that deleting old generations at AWS's delete pace
     *                  never holds up the starts of runs ({@link RetentionQueue})
     */
    public BackupEngine(HavenStore store, TargetTypeRegistry types, CloudContexts clouds,
                        ScheduledExecutorService executor, KeyedExecutor runs, KeyedExecutor retention, Clock clock,
                        BackupScripts scripts, Limits limits, Supplier<AlertListener> alertListener, Node node) {
        this.node = node;
        this.alerts = new Alerts(store, clock, alertListener);
        this.billedStorage = new BilledStorage(store, limits.billedStorageLimitGiB(), limits.storageWarningPercent());
        this.store = store;
        this.types = types;
        this.clouds = clouds;
        this.executor = executor;
        this.runs = runs;
        this.clock = clock;
        this.maxPollInterval = limits.maxPollInterval();
        this.pollErrors = new PollErrors(limits.pollErrorLimit(), clock);
        this.scripts = scripts;
        this.deletion = new BackupDeletion(store, types, clouds, clock);
        this.retention = new RetentionQueue(store, new Retention(store, deletion), retention);
        this.sweep = new RunSweep(store, types, clouds, clock);
        this.window = new ResumeWindow(store, limits.zone(), limits.resumeWindowCap());
        this.resourceLimits = new ResourceLimitRules(store, types);
    }

    BackupDeletion deletion() {
        return deletion;
    }

    /** The key under which the steps of an account's runs take their turn in {@code runs}. */
    public static Object accountKey(long accountId) {
        return "account " + accountId;
    }

    /** Told when a run of a policy has ended, after its status is written: disaster recovery starts there. */
    interface RunEnded {
        void ended(long backupId, Policy policy, BackupStatus status);
    }

    private volatile RunEnded runEnded = (id, policy, status) -> { };

    /** The engine's alerts, which disaster recovery raises and clears too. */
    Alerts alerts() {
        return alerts;
    }

    void onRunEnded(RunEnded listener) {
        this.runEnded = listener;
    }

    /**
     * Records a new run of the policy and starts it in the background.
     *
     * @throws ConflictException when a run of the policy is in progress
     */
    public long start(Policy policy, BackupTrigger trigger, int attempt) {
        refuseInRecoveryOnlyMode();
        long id = store.backups().start(policy.id(), policy.spec().accountId(), policy.spec().name(), trigger, attempt,
                        clock.instant(), node.id())
                .orElseThrow(() -> new ConflictException("A backup of policy '" + policy.spec().name()
                        + "' is already in progress"));
        carried.add(id);
        log(id, Level.INFO, switch (trigger) {
            case MANUAL -> "Backup started on demand";
            case SCHEDULE -> "Backup started by schedule";
            case RETRY -> "Backup started as retry " + (attempt - 1) + " of " + policy.spec().retries();
        });
        runs.execute(accountKey(policy.spec().accountId()), () -> guarded(id, () -> startTargets(id, policy)));
        return id;
    }

    /**
     * Records the runs of policies for due times of their schedules (a hundred a transaction) and then starts each
     * in the background, so that the last of many due at once is recorded before the first competes for the database, except a due time started before (by this node before a restart, or by another node on the same
     * database) and a policy whose previous run is still in progress (see {@link ScheduledStarter}).
     */
    public List<BackupRepository.ScheduledStart> startScheduled(List<ScheduledStarter.Due> due) {
        refuseInRecoveryOnlyMode();
        // Shared out in turn among the nodes alive: each carries its share, the others pick theirs up (pickUp).
        List<String> nodes = node.alive();
        List<BackupRepository.DueRun> runs = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            ScheduledStarter.Due d = due.get(i);
            runs.add(new BackupRepository.DueRun(d.policy().id(), d.policy().spec().accountId(), d.policy().spec().name(),
                    d.dueAt(), nodes.get(i % nodes.size())));
        }
        List<BackupRepository.ScheduledStart> outcomes = store.backups().startScheduled(runs, clock.instant(),
                run -> "Backup started by schedule (due at " + run.dueAt() + ")");
        // Queued in their accounts' turns, not run here: the scheduler is free again as soon as the runs are recorded.
        // Not handed on through one task of the pool either: that task would wait in one account's turn, and every
        // other account's runs with it (decision 0047).
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).outcome() == BackupRepository.ScheduledOutcome.STARTED
                    && node.id().equals(runs.get(i).node())) {
                long id = outcomes.get(i).id();
                carried.add(id);
                Policy policy = due.get(i).policy();
                this.runs.execute(accountKey(policy.spec().accountId()),
                        () -> guarded(id, () -> startTargets(id, policy)));
            }
        }
        return outcomes;
    }

    /**
     * Finds this node's runs that were in progress when it stopped, and runs no node carries (recorded before V21), and
     * brings each to an end; keeps their retries.
     */
    public void reconcile() {
        for (long id : store.backups().workOf(null)) {
            store.backups().claim(id, null, node.id());
        }
        for (long id : store.backups().workOf(node.id())) {
            carry(id, "Haven stopped while this backup was in progress; reconciling", "Haven restarted");
        }
    }

    /**
     * Takes over the runs and retries of a node taken for dead: each is claimed with a conditional update, so that of
     * several nodes doing this at once exactly one carries each run, and reconciled as after a restart.
     *
     * @return how many runs and retries this node took
     */
    public int takeOver(String dead) {
        int taken = 0;
        for (long id : store.backups().workOf(dead)) {
            if (store.backups().claim(id, dead, node.id())) {
                taken++;
                String why = "Node " + dead + " stopped answering";
                carry(id, why + " while this backup was in progress; node " + node.id() + " takes it over and "
                        + "reconciles it", why + "; node " + node.id() + " took it over");
            }
        }
        return taken;
    }

    /** Reconciles a run this node now carries, or keeps its retry. */
    private void carry(long id, String reconciling, String retryKept) {
        Optional<Backup> backup = store.backups().get(id);
        if (backup.isEmpty()) {
            return;
        }
        if (backup.get().status() == BackupStatus.IN_PROGRESS) {
            if (carried.add(id)) {
                guarded(id, () -> reconcile(backup.get(), reconciling));
            }
            return;
        }
        store.backups().dueRetry(id).ifPresent(retry -> {
            log(id, Level.INFO, retryKept + "; the retry due at " + retry.at() + " is kept");
            scheduleRetry(id, retry.policyId(), retry.attempt(), Duration.between(clock.instant(), retry.at()));
        });
    }

    /**
     * Starts the runs another node recorded for this one (a scheduler shares due runs out among the nodes), and
     * reconciles any other run this node carries without having it in hand. Called every second or so.
     *
     * @return how many runs it picked up
     */
    public int pickUp() {
        int picked = 0;
        for (long id : store.backups().inProgressOf(node.id())) {
            if (carried.contains(id)) {
                continue;
            }
            Optional<Backup> backup = store.backups().get(id);
            Optional<Policy> policy = backup.flatMap(b -> store.policies().get(b.policyId()));
            if (backup.isEmpty() || backup.get().status() != BackupStatus.IN_PROGRESS || !carried.add(id)) {
                continue;
            }
            picked++;
            boolean untouched = !store.backups().allStarted(id) && store.backups().runTargets(id).isEmpty()
                    && store.backups().scriptRuns(id).isEmpty();
            if (untouched && policy.isPresent()) {
                runs.execute(accountKey(policy.get().spec().accountId()),
                        () -> guarded(id, () -> startTargets(id, policy.get())));
            } else {
                guarded(id, () -> reconcile(backup.get(), "This node carries this backup but did not have it in hand; "
                        + "reconciling"));
            }
        }
        return picked;
    }

    /** Recovery-only mode (a recovery server, or a Haven restored from its own backup) makes no backups. */
    private void refuseInRecoveryOnlyMode() {
        if (node.recoveryOnly()) {
            throw new ConflictException("Haven runs in recovery-only mode on this node: it makes no backups (recoveries "
                    + "work); an administrator switches it to normal with recoveryOnly = false in etc/io.haven.core.cfg");
        }
    }

    /** The name of the node this engine runs on. */
    public String nodeId() {
        return node.id();
    }

    private void startTargets(long id, Policy policy) {
        List<StoredTarget> targets = store.policies().targets(policy.id());
        if (targets.isEmpty()) {
            store.backups().markAllStarted(id, 0);
            finish(id, policy, BackupStatus.FAILED, "The policy has no backup targets");
            return;
        }
        targets = withinResourceLimits(id, policy, targets);
        boolean scriptsOn = policy.spec().scripts().enabled();
        // The before script runs before the first snapshot starts, so that it can quiesce applications.
        boolean beforeSucceeded = !scriptsOn || runScript(id, policy, Phase.BEFORE, null);
        startAll(id, policy, targets, false);
        if (scriptsOn) {
            runScript(id, policy, Phase.AFTER, beforeSucceeded ? "1" : "0");
        }
        schedulePoll(id, Polling.first(maxPollInterval));
    }

    /**
     * The run's targets within the resource limits of the policy's owner (guide 16.2, decision 0026): those over a
     * limit are skipped, each with a log line naming the limit, and the policy gets an alert; the run then counts
     * them as not backed up, like any target that could not be started. A check that cannot be made is logged and
     * does not stop the backup.
     */
    private List<StoredTarget> withinResourceLimits(long id, Policy policy, List<StoredTarget> targets) {
        Map<Long, String> over;
        try {
            Optional<Long> owner = store.owners().ownerOf(Owned.POLICY, policy.id());
            if (owner.isEmpty()) {
                return targets;
            }
            over = resourceLimits.overLimit(owner.get(), policy.spec().accountId(), targets, clouds);
        } catch (RuntimeException e) {
            LOG.warn("Could not check the resource limits of backup {}: {}", id, e.toString());
            log(id, Level.WARNING, "Could not check the user's resource limits: " + e.getMessage());
            return targets;
        }
        if (over.isEmpty()) {
            alerts.withinResourceLimits(policy);
            return targets;
        }
        List<StoredTarget> within = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (StoredTarget target : targets) {
            String reason = over.get(target.id());
            if (reason == null) {
                within.add(target);
                continue;
            }
            TargetSpec spec = target.spec();
            String what = spec.type() + " " + spec.resourceId() + " in " + spec.region();
            store.backups().targetEnded(id, target.id(), spec.type(), spec.region(), spec.resourceId(),
                    BackupRepository.TARGET_SKIPPED, clock.instant());
            log(id, Level.ERROR, "Skipped " + what + ": over the user's resource limit, " + reason);
            reasons.add(what + ": " + reason);
        }
        alerts.overResourceLimits(id, policy, reasons);
        return within;
    }

    /**
     * Starts the targets in order. Each target's progress is written before its first AWS call and after
     * its last, so that a restart knows which targets to resume and which may have made something already.
     *
     * @param resumed whether the targets may have been started before Haven stopped (their types look first)
     */
    private void startAll(long id, Policy policy, List<StoredTarget> targets, boolean resumed) {
        BackupRequest request = new BackupRequest(String.valueOf(id), policy.spec().name(),
                "Haven backup " + id + " of policy " + policy.spec().name(),
                Map.of(HavenTags.BACKUP_ID, String.valueOf(id), HavenTags.POLICY, policy.spec().name()), runLog(id),
                resumed);
        int removed = 0;
        for (List<StoredTarget> batch : batches(targets)) {
            Optional<TargetType> type = types.find(batch.get(0).spec().type());
            for (StoredTarget target : batch) {
                TargetSpec spec = target.spec();
                store.backups().targetStarting(id, target.id(), spec.type(), spec.region(), spec.resourceId(), clock.instant());
                if (batch.size() == 1) {
                    removed += ended(id, target, startTarget(id, policy, target, request));
                }
            }
            if (batch.size() > 1) {
                // every target of the batch is recorded as starting before the call, and ended after it
                List<TargetStart> starts = type.get().startBackups(
                        clouds.context(policy.spec().accountId(), batch.get(0).spec().region()),
                        batch.stream().map(StoredTarget::spec).toList(), request);
                for (int i = 0; i < batch.size(); i++) {
                    TargetStart start = i < starts.size() ? starts.get(i) : TargetStart.failed(batch.get(i).spec(),
                            new IllegalStateException("the " + type.get().id() + " plugin did not answer for this target"));
                    removed += ended(id, batch.get(i), recordStart(id, policy, batch.get(i), () -> {
                        if (start.error() != null) {
                            throw start.error();
                        }
                        return start.artifacts();
                    }));
                }
            }
        }
        int failed = failedTargets(id);
        store.backups().markAllStarted(id, failed);
        log(id, Level.INFO, "All " + store.backups().runTargets(id).size() + " targets handled; " + failed
                + " could not be started" + (removed > 0 ? ", " + removed + " removed from the policy" : ""));
    }

    /** Targets of the run that failed to start or were skipped. */
    private int failedTargets(long id) {
        return (int) store.backups().runTargets(id).stream()
                .filter(t -> BackupRepository.TARGET_FAILED.equals(t.state()) || BackupRepository.TARGET_SKIPPED.equals(t.state()))
                .count();
    }

    private enum TargetOutcome { STARTED, FAILED, REMOVED }

    /**
     * The policy's targets in order, cut into batches of one type and region that the type starts together
     * ({@link TargetType#startBackups}, at most {@link TargetType#MAX_BATCH}); a target whose type has no batch
     * form, or is not installed, is a batch of its own.
     */
    private List<List<StoredTarget>> batches(List<StoredTarget> targets) {
        Map<List<String>, List<StoredTarget>> open = new LinkedHashMap<>();
        List<List<StoredTarget>> batches = new ArrayList<>();
        for (StoredTarget target : targets) {
            Optional<TargetType> type = types.find(target.spec().type());
            if (type.isEmpty() || !overrides(type.get(), "startBackups", List.class, BackupRequest.class)) {
                batches.add(List.of(target));
                continue;
            }
            List<String> key = List.of(target.spec().type(), target.spec().region());
            List<StoredTarget> batch = open.get(key);
            if (batch == null || batch.size() == TargetType.MAX_BATCH) {
                batch = new ArrayList<>();
                open.put(key, batch);
                batches.add(batch);
            }
            batch.add(target);
        }
        return batches;
    }

    /** Records how a target's start ended; 1 when it was removed from the policy. */
    private int ended(long id, StoredTarget target, TargetOutcome outcome) {
        TargetSpec spec = target.spec();
        store.backups().targetEnded(id, target.id(), spec.type(), spec.region(), spec.resourceId(), switch (outcome) {
            case STARTED -> BackupRepository.TARGET_STARTED;
            case FAILED -> BackupRepository.TARGET_FAILED;
            case REMOVED -> BackupRepository.TARGET_REMOVED;
        }, clock.instant());
        return outcome == TargetOutcome.REMOVED ? 1 : 0;
    }

    private TargetOutcome startTarget(long id, Policy policy, StoredTarget target, BackupRequest request) {
        String what = target.spec().type() + " " + target.spec().resourceId() + " in " + target.spec().region();
        Optional<TargetType> type = types.find(target.spec().type());
        if (type.isEmpty()) {
            log(id, Level.ERROR, "Skipped " + what + ": no installed plugin serves type " + target.spec().type());
            return TargetOutcome.FAILED;
        }
        return recordStart(id, policy, target, () -> type.get().startBackup(
                clouds.context(policy.spec().accountId(), target.spec().region()), target.spec(), request));
    }

    /** Runs a target's start and records its artifacts, or what went wrong, in the run's log. */
    private TargetOutcome recordStart(long id, Policy policy, StoredTarget target, Supplier<List<Artifact>> start) {
        String what = target.spec().type() + " " + target.spec().resourceId() + " in " + target.spec().region();
        try {
            List<Artifact> artifacts = start.get();
            for (Artifact artifact : artifacts) {
                store.backups().addArtifact(id, target.spec().type(), target.spec().resourceId(), artifact, clock.instant());
                log(id, Level.INFO, "Started " + describe(artifact));
            }
            if (artifacts.isEmpty()) {
                log(id, Level.WARNING, "Nothing to back up for " + what);
            }
            return TargetOutcome.STARTED;
        } catch (TargetNotFoundException e) {
            TargetRemoval removal = policy.spec().autoRemoveTargets();
            if (removal == TargetRemoval.NO) {
                log(id, Level.ERROR, "Target " + what + " was not found: " + e.getMessage());
                return TargetOutcome.FAILED;
            }
            store.policies().removeTarget(policy.id(), target.id());
            log(id, removal == TargetRemoval.YES_AND_ALERT ? Level.WARNING : Level.INFO, "Removed target " + what
                    + " from the policy because it no longer exists (" + e.getMessage() + ")");
            return TargetOutcome.REMOVED;
        } catch (RuntimeException e) {
            LOG.warn("Backup {}: starting {} failed", id, what, e);
            log(id, Level.ERROR, "Could not start the backup of " + what + ": " + Polling.message(e));
        }
        return TargetOutcome.FAILED;
    }

    /** Runs a backup script, records the run with the backup and logs its outcome. */
    private boolean runScript(long id, Policy policy, Phase phase, String argument) {
        ScriptSettings settings = policy.spec().scripts();
        // A user's scripts live in its sub-folder of the scripts folder; root's in the folder itself (guide 7).
        String owner = ownerName(policy.id());
        ScriptRun run = scripts.run(owner, policy.spec().name(), phase, argument,
                Duration.ofSeconds(settings.timeoutSeconds()), settings.collectOutput());
        store.backups().addScriptRun(id, run);
        String name = phase.name().toLowerCase(Locale.ROOT) + " script";
        String arg = argument == null ? "" : " with argument " + argument;
        switch (run.outcome()) {
            case SUCCEEDED -> log(id, Level.INFO, "The " + name + " " + run.script() + arg + " succeeded");
            case FAILED -> log(id, Level.ERROR, "The " + name + " " + run.script() + arg + " failed"
                    + (run.exitCode() == null ? "" : " with exit code " + run.exitCode()));
            case TIMED_OUT -> log(id, Level.ERROR, "The " + name + " " + run.script() + arg + " did not end within "
                    + settings.timeoutSeconds() + " s and was killed");
            case MISSING -> log(id, Level.ERROR, "No " + name + " " + phase.prefix() + policy.spec().name()
                    + "[_suffix][.ext] in " + scripts.folderOf(owner) + "; a missing script counts as a failure");
        }
        return run.succeeded();
    }

    /** The user name of the policy's owner; null for root's policies (and those recorded without an owner). */
    private String ownerName(long policyId) {
        return store.owners().ownerOf(io.haven.store.OwnerRepository.Owned.POLICY, policyId)
                .flatMap(owner -> store.users().byId(owner)).map(u -> u.user())
                .filter(u -> !u.root()).map(u -> u.username()).orElse(null);
    }

    private void poll(long id, Duration lastDelay) {
        Backup backup = store.backups().get(id).orElseThrow();
        if (backup.status() != BackupStatus.IN_PROGRESS) {
            carried.remove(id);
            return;
        }
        if (!store.backups().carriedBy(id, node.id())) {
            // another node took it over while this one was taken for dead: it polls and concludes from here on
            carried.remove(id);
            LOG.warn("Backup {} is carried by another node now; this node stops polling it", id);
            return;
        }
        long accountId = store.policies().get(backup.policyId()).map(p -> p.spec().accountId()).orElse(-1L);
        boolean pending = checkPending(id, accountId, store.backups().artifacts(id).stream()
                .filter(stored -> BackupRepository.PENDING.equals(stored.state())).toList());
        if (pending) {
            schedulePoll(id, Polling.next(lastDelay, maxPollInterval));
            return;
        }
        Policy policy = store.policies().get(backup.policyId()).orElse(null);
        long account = store.backups().accountId(id).orElse(accountId);
        if (sweep.sweep(id, account, places(id, policy)) > 0) {
            // what was adopted is pending until checked; the next sweep finds nothing new
            schedulePoll(id, Polling.first(maxPollInterval));
            return;
        }
        runs.execute(accountKey(account), () -> guarded(id, () -> conclude(id, policy)));
    }

    /** The target types and regions of the run's targets and artifacts, where its unrecorded artifacts may be. */
    private Set<RunSweep.Place> places(long id, Policy policy) {
        Set<RunSweep.Place> places = new HashSet<>();
        store.backups().runTargets(id).forEach(t -> places.add(new RunSweep.Place(t.targetType(), t.region())));
        store.backups().artifacts(id).forEach(a -> places.add(new RunSweep.Place(a.view().targetType(), a.view().region())));
        if (policy != null && store.backups().runTargets(id).isEmpty()) {
            // a run recorded before Haven kept per-target progress
            store.policies().targets(policy.id()).forEach(t -> places.add(new RunSweep.Place(t.spec().type(), t.spec().region())));
        }
        return places;
    }

    /**
     * Checks the run's pending artifacts in batches of one type and region, at most {@link TargetType#MAX_BATCH}
     * each ({@link TargetType#pollAll}), and records what AWS says; whether any is still to be waited for.
     */
    private boolean checkPending(long id, long accountId, List<StoredArtifact> pendingArtifacts) {
        Map<List<String>, List<StoredArtifact>> groups = new LinkedHashMap<>();
        pendingArtifacts.forEach(stored -> groups.computeIfAbsent(List.of(stored.view().targetType(),
                stored.artifact().region()), key -> new ArrayList<>()).add(stored));
        boolean pending = false;
        for (List<StoredArtifact> group : groups.values()) {
            for (int from = 0; from < group.size(); from += TargetType.MAX_BATCH) {
                pending |= checkBatch(id, accountId, group.subList(from, Math.min(group.size(), from + TargetType.MAX_BATCH)));
            }
        }
        return pending;
    }

    /** Checks artifacts of one type and region with one batch call; those it leaves out are checked one by one. */
    private boolean checkBatch(long id, long accountId, List<StoredArtifact> batch) {
        StoredArtifact first = batch.get(0);
        Optional<TargetType> type = types.find(first.view().targetType());
        Map<String, ArtifactStatus> states = Map.of();
        if (type.isPresent() && overrides(type.get(), "pollAll", List.class)) {
            try {
                states = type.get().pollAll(clouds.context(accountId, first.artifact().region()),
                        batch.stream().map(StoredArtifact::artifact).toList());
            } catch (RuntimeException e) {
                LOG.debug("Backup {}: checking {} artifacts failed", id, batch.size(), e);
                boolean pending = false;
                for (StoredArtifact stored : batch) {
                    pending |= checkFailed(id, stored, Polling.message(e));
                }
                return pending;
            }
        }
        boolean pending = false;
        for (StoredArtifact stored : batch) {
            ArtifactStatus status = states.get(stored.artifact().id());
            pending |= status != null ? record(id, stored, status) : stillPending(id, accountId, stored);
        }
        return pending;
    }

    /**
     * Whether the type implements a batch form itself (1.4); types with only the single forms are called one
     * target or artifact at a time, exactly as before.
     */
    private static boolean overrides(TargetType type, String method, Class<?>... parameters) {
        Class<?>[] all = new Class<?>[parameters.length + 1];
        all[0] = io.haven.api.target.CloudContext.class;
        System.arraycopy(parameters, 0, all, 1, parameters.length);
        try {
            return type.getClass().getMethod(method, all).getDeclaringClass() != TargetType.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Checks one pending artifact and records what AWS says; whether it is still to be waited for. */
    private boolean stillPending(long id, long accountId, StoredArtifact stored) {
        Optional<TargetType> type = types.find(stored.view().targetType());
        if (type.isEmpty()) {
            // The plugin may come back within the limit; the artifact is not lost meanwhile.
            return checkFailed(id, stored, "no installed plugin serves type " + stored.view().targetType());
        }
        ArtifactStatus status;
        try {
            status = type.get().poll(clouds.context(accountId, stored.artifact().region()), stored.artifact());
        } catch (RuntimeException e) {
            LOG.debug("Backup {}: checking {} failed", id, stored.artifact().id(), e);
            return checkFailed(id, stored, Polling.message(e));
        }
        return record(id, stored, status);
    }

    /** Records an artifact's state as AWS reported it; whether it is still to be waited for. */
    private boolean record(long id, StoredArtifact stored, ArtifactStatus status) {
        pollErrors.succeeded(stored.id());
        switch (status.state()) {
            case COMPLETED -> {
                store.backups().setArtifactState(stored.id(), BackupRepository.COMPLETED, clock.instant());
                log(id, Level.INFO, "Completed " + describe(stored.artifact()));
                return false;
            }
            case FAILED -> {
                store.backups().setArtifactState(stored.id(), BackupRepository.FAILED, clock.instant());
                log(id, Level.ERROR, "Failed " + describe(stored.artifact()) + ": " + status.message());
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** A check that could not be made: waited for again, unless such checks have failed for the limit. */
    private boolean checkFailed(long id, StoredArtifact stored, String reason) {
        switch (pollErrors.failed(stored.id())) {
            case FIRST -> log(id, Level.WARNING, "Could not check " + describe(stored.artifact()) + ": " + reason
                    + "; trying again for up to " + pollErrors.limitText());
            case AGAIN -> { }
            case GIVE_UP -> {
                store.backups().setArtifactState(stored.id(), BackupRepository.FAILED, clock.instant());
                log(id, Level.ERROR, "Failed " + describe(stored.artifact()) + ": its status could not be checked for "
                        + pollErrors.limitText() + " (" + reason + ")");
                return false;
            }
        }
        return true;
    }

    private void conclude(long id, Policy policy) {
        List<StoredArtifact> artifacts = store.backups().artifacts(id);
        long completed = artifacts.stream().filter(a -> BackupRepository.COMPLETED.equals(a.state())).count();
        long failed = artifacts.stream().filter(a -> BackupRepository.FAILED.equals(a.state())).count();
        int failedTargets = store.backups().failedTargets(id);
        BackupStatus status;
        if (failed == 0 && failedTargets == 0 && completed > 0) {
            status = BackupStatus.SUCCESSFUL;
        } else if (completed > 0) {
            status = BackupStatus.PARTIALLY_SUCCESSFUL;
        } else {
            status = BackupStatus.FAILED;
        }
        String summary = completed + " of " + artifacts.size() + " artifacts completed"
                + (failedTargets > 0 ? ", " + failedTargets + " targets could not be started" : "");
        if (policy != null && policy.spec().scripts().enabled()) {
            List<ScriptRun> runs = store.backups().scriptRuns(id);
            boolean earlierSucceeded = runs.stream().filter(r -> r.phase() != Phase.COMPLETE).allMatch(ScriptRun::succeeded);
            // After a restart the complete script may already have run; it runs once.
            Optional<ScriptRun> complete = runs.stream().filter(r -> r.phase() == Phase.COMPLETE).findFirst();
            String everythingSucceeded = status == BackupStatus.SUCCESSFUL && earlierSucceeded ? "1" : "0";
            boolean completeSucceeded = complete.map(ScriptRun::succeeded)
                    .orElseGet(() -> runScript(id, policy, Phase.COMPLETE, everythingSucceeded));
            if (!(earlierSucceeded && completeSucceeded)) {
                if (policy.spec().successCriterion() == SuccessCriterion.SNAPSHOTS_SUCCEED) {
                    summary += "; backup scripts failed, which this policy tolerates";
                } else {
                    summary += "; backup scripts failed";
                    if (status == BackupStatus.SUCCESSFUL) {
                        status = BackupStatus.PARTIALLY_SUCCESSFUL;
                    }
                }
            }
        }
        finish(id, policy, status, summary);
    }

    private void finish(long id, Policy policy, BackupStatus status, String summary) {
        // Clean-up and alerting come before the status is written, so whoever sees the end sees them done.
        // Artifacts that failed in AWS are useless and may still cost money.
        store.backups().get(id).ifPresent(backup -> deletion.delete(backup,
                artifact -> BackupRepository.FAILED.equals(artifact.state()), "Deleted the artifacts that failed"));
        if (policy != null && status != BackupStatus.SUCCESSFUL) {
            alerts.backupFailed(id, policy).ifPresent(text -> log(id, Level.ERROR, "Alert raised: " + text));
        } else if (policy != null) {
            alerts.backupSucceeded(policy);
        }
        warnOfBilledStorage(id);
        store.backups().finish(id, status, summary, clock.instant());
        carried.remove(id);
        log(id, status == BackupStatus.SUCCESSFUL ? Level.INFO : Level.ERROR, "Backup " + status.name().toLowerCase()
                .replace('_', ' ') + ": " + summary);
        if (policy == null) {
            return;
        }
        try {
            runEnded.ended(id, policy, status);
        } catch (RuntimeException e) {
            LOG.error("Backup {}: what follows its end failed", id, e);
            log(id, Level.ERROR, "Disaster recovery could not start: " + Polling.message(e));
        }
        if (status == BackupStatus.SUCCESSFUL) {
            retention.request(policy);
        } else {
            retryIfAllowed(id, policy);
        }
    }

    /** Warns in the backup's log, with an alert while it lasts, when protected storage nears its limit. */
    private void warnOfBilledStorage(long id) {
        billedStorage.check().ifPresent(usage -> {
            if (!usage.warn()) {
                alerts.storageBelowLimit();
                return;
            }
            String text = "Protected Aurora and DynamoDB storage is " + usage.totalGiB() + " GiB (counted in 10 GiB "
                    + "steps) of the " + usage.limitGiB() + " GiB limit";
            log(id, Level.WARNING, text);
            alerts.storageNearLimit(id, text);
        });
    }

    private void retryIfAllowed(long id, Policy policy) {
        int attempt = store.backups().get(id).map(Backup::attempt).orElse(1);
        if (attempt > policy.spec().retries()) {
            if (policy.spec().retries() > 0) {
                log(id, Level.ERROR, "No retries left (" + policy.spec().retries() + " configured)");
            }
            return;
        }
        Duration wait = Duration.ofMinutes(policy.spec().retryWaitMinutes());
        log(id, Level.INFO, "Retry " + attempt + " of " + policy.spec().retries() + " in " + wait.toMinutes() + " minutes");
        // Recorded first, so that a restart before it is due still runs it.
        store.backups().scheduleRetry(id, clock.instant().plus(wait));
        scheduleRetry(id, policy.id(), attempt, wait);
    }

    private void scheduleRetry(long failedId, long policyId, int attempt, Duration wait) {
        executor.schedule(() -> {
            if (!store.backups().claimRetry(failedId)) {
                return;
            }
            try {
                Policy current = store.policies().get(policyId).orElse(null);
                if (current != null && current.spec().enabled()) {
                    start(current, BackupTrigger.RETRY, attempt + 1);
                } else if (current != null) {
                    log(failedId, Level.INFO, "Retry skipped: the policy was disabled");
                }
            } catch (ConflictException e) {
                LOG.info("Retry of policy {} skipped: {}", policyId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Retry of policy {} failed to start", policyId, e);
            }
        }, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void reconcile(Backup backup, String why) {
        long id = backup.id();
        Optional<Policy> policy = store.policies().get(backup.policyId());
        log(id, Level.WARNING, why);
        if (policy.isEmpty()) {
            store.backups().markAllStarted(id, 0);
            finish(id, null, BackupStatus.FAILED, "The policy was deleted while the backup was in progress");
            return;
        }
        if (!store.backups().allStarted(id)) {
            List<StoredTarget> left = notStarted(id, policy.get());
            Instant end = window.end(backup, policy.get());
            if (clock.instant().isBefore(end)) {
                log(id, Level.WARNING, "Haven stopped before all targets were started; resuming the " + left.size()
                        + " targets left, within the run's window (until " + end + ")");
                runs.execute(accountKey(policy.get().spec().accountId()),
                        () -> guarded(id, () -> resume(id, policy.get(), left)));
                return;
            }
            skip(id, policy.get(), left, end);
        }
        releaseScripts(id, policy.get());
        log(id, Level.INFO, "Reconciled; waiting for the recorded artifacts");
        schedulePoll(id, Duration.ZERO);
    }

    /** The policy's targets that the run has not started, or had begun to start when Haven stopped. */
    private List<StoredTarget> notStarted(long id, Policy policy) {
        Map<Long, String> states = new HashMap<>();
        store.backups().runTargets(id).forEach(t -> states.put(t.targetId(), t.state()));
        return store.policies().targets(policy.id()).stream()
                .filter(t -> !states.containsKey(t.id()) || BackupRepository.TARGET_STARTING.equals(states.get(t.id())))
                .toList();
    }

    /**
     * Starts what the run had not started; the types look for what it may have made before the stop. Targets the run
     * never began are judged against the owner's resource limits as at a run's start (the limits may have been lowered
     * while Haven was down); one it was starting may have made something already, so it is resumed whatever the
     * limits say, for its type to adopt what it made.
     */
    private void resume(long id, Policy policy, List<StoredTarget> left) {
        Set<Long> begun = new HashSet<>();
        store.backups().runTargets(id).forEach(t -> begun.add(t.targetId()));
        List<StoredTarget> neverBegun = left.stream().filter(t -> !begun.contains(t.id())).toList();
        Set<Long> allowed = new HashSet<>();
        (neverBegun.isEmpty() ? neverBegun : withinResourceLimits(id, policy, neverBegun)).forEach(t -> allowed.add(t.id()));
        List<StoredTarget> toStart = left.stream().filter(t -> begun.contains(t.id()) || allowed.contains(t.id())).toList();
        if (policy.spec().scripts().enabled()
                && store.backups().scriptRuns(id).stream().noneMatch(r -> r.phase() == Phase.BEFORE)) {
            runScript(id, policy, Phase.BEFORE, null);
        }
        startAll(id, policy, toStart, true);
        releaseScripts(id, policy);
        schedulePoll(id, Polling.first(maxPollInterval));
    }

    /**
     * Settles the targets the run will not start because its window has closed: what they made before the
     * stop is adopted first (through the types' {@code targetOf}), and a target with artifacts of its own
     * counts as started; every other one is named in the log as skipped.
     */
    private void skip(long id, Policy policy, List<StoredTarget> left, Instant end) {
        sweep.sweep(id, store.backups().accountId(id).orElse(policy.spec().accountId()), places(id, policy));
        Set<String> covered = new HashSet<>();
        store.backups().artifacts(id).forEach(a -> covered.add(List.of(a.view().targetType(),
                String.valueOf(a.targetResourceId()), a.view().region()).toString()));
        int skipped = 0;
        for (StoredTarget target : left) {
            TargetSpec spec = target.spec();
            String what = spec.type() + " " + spec.resourceId() + " in " + spec.region();
            boolean made = covered.contains(List.of(spec.type(), spec.resourceId(), spec.region()).toString());
            store.backups().targetEnded(id, target.id(), spec.type(), spec.region(), spec.resourceId(),
                    made ? BackupRepository.TARGET_STARTED : BackupRepository.TARGET_SKIPPED, clock.instant());
            if (made) {
                log(id, Level.WARNING, "Kept what " + what + " made before Haven stopped; it is not started again: "
                        + "the run's window closed at " + end);
            } else {
                skipped++;
                log(id, Level.ERROR, "Skipped " + what + ": Haven stopped before its backup was started, and the "
                        + "run's window closed at " + end);
            }
        }
        store.backups().markAllStarted(id, failedTargets(id));
        log(id, Level.ERROR, "Haven stopped before all targets were started; " + skipped
                + " targets were not backed up");
    }

    /** Runs the after script if the run has not: it releases whatever the before script froze. */
    private void releaseScripts(long id, Policy policy) {
        if (!policy.spec().scripts().enabled()) {
            return;
        }
        List<ScriptRun> runs = store.backups().scriptRuns(id);
        if (runs.stream().noneMatch(r -> r.phase() == Phase.AFTER)) {
            // it counts as failed when the before script's end is unknown
            boolean beforeSucceeded = runs.stream().anyMatch(r -> r.phase() == Phase.BEFORE && r.succeeded());
            runScript(id, policy, Phase.AFTER, beforeSucceeded ? "1" : "0");
        }
    }

    private void schedulePoll(long id, Duration delay) {
        executor.schedule(() -> guarded(id, () -> poll(id, delay)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a step of a backup; an unexpected error fails the run instead of leaving it in progress. */
    private void guarded(long id, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Backup {} failed unexpectedly", id, e);
            carried.remove(id);
            try {
                log(id, Level.ERROR, "Internal error: " + Polling.message(e));
                store.backups().finish(id, BackupStatus.FAILED, "Internal error: " + Polling.message(e), clock.instant());
            } catch (RuntimeException nested) {
                LOG.error("Backup {} could not be marked as failed; the next start reconciles it", id, nested);
            }
        }
    }

    /** The run's log as plugins see it. */
    private BackupLog runLog(long id) {
        return runLog(store, clock, id);
    }

    /** A backup's log as plugins see it: what they write lands in the backup's log; also DR's (DisasterRecovery). */
    static BackupLog runLog(HavenStore store, Clock clock, long id) {
        return new BackupLog() {
            @Override
            public void info(String message) {
                store.backups().log(id, Level.INFO, message, clock.instant());
            }

            @Override
            public void warning(String message) {
                store.backups().log(id, Level.WARNING, message, clock.instant());
            }
        };
    }

    void log(long id, Level level, String message) {
        store.backups().log(id, level, message, clock.instant());
    }

    static String describe(Artifact a) {
        StringBuilder text = new StringBuilder(a.kind()).append(' ').append(a.id()).append(" of ").append(a.resourceId());
        if (a.detail("instanceId") != null) {
            text.append(" (").append(a.detail("instanceId"));
            if (a.detail("device") != null) {
                text.append(' ').append(a.detail("device"));
            }
            text.append(')');
        }
        return text.append(" in ").append(a.region()).toString();
    }

}
