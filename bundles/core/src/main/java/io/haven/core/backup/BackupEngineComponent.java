package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.aws.AwsClients;
import io.haven.core.account.CloudContexts;
import io.haven.core.alert.AlertListener;
import io.haven.core.cluster.Lease;
import io.haven.core.cluster.Node;
import io.haven.core.cluster.NodeComponent;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.internal.Zones;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup engine as a DS service: owns its thread pool and reconciles interrupted runs when it
 * starts. Stopping it leaves runs in progress in the database, exactly as a kill would, and the next
 * start reconciles them.
 *
 * <p>Several nodes may share one database (decision 0039). Each writes a heartbeat; at each heartbeat it takes over
 * the runs of nodes that have missed the timeout, renews the leases of disaster recovery and housekeeping (one node at
 * a time does those for all), and every second it picks up the runs another node's scheduler gave it.
 */
@Component(service = {BackupStarter.class, ScheduledStarter.class, BackupHousekeeper.class}, immediate = true,
        configurationPid = CoreConfig.PID)
public class BackupEngineComponent implements BackupStarter, ScheduledStarter, BackupHousekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(BackupEngineComponent.class);
    /** The key of the reconciliation at start: a turn of its own, behind no account's runs. */
    private static final String RECONCILING = "reconciling";
    /** How long a run's step may wait for a thread before the wait is logged (each minute while it lasts). */
    private static final Duration RUN_PATIENCE = Duration.ofMinutes(1);

    private final ScheduledExecutorService executor;
    /**
     * Starting and concluding runs, which wait for backup scripts and AWS's pace: bounded, and shared among the
     * accounts so that one account's waits do not hold up the others (decision 0047).
     */
    private final FairExecutor runs;
    /** Retention passes, apart from the runs: deleting at AWS's pace must not delay the runs' starts. */
    private final FairExecutor retention;
    /** Disaster recovery's ticks, one at a time, apart from the backups' polls (its AWS calls may take a while). */
    private final ScheduledExecutorService dr;
    private final BackupEngine engine;
    private final Housekeeping housekeeping;
    private final HavenStore store;
    /** Told how many nodes share the accounts' AWS buckets. */
    private final AwsClients aws;
    private final Node node;
    private final Lease drLease;
    private final Lease housekeepingLease;
    /** Notifications, when their component runs; alerts are stored without it all the same. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AlertListener alertListener;

    @Activate
    public BackupEngineComponent(@Reference HavenStore store, @Reference TargetTypeRegistry types,
                                 @Reference CloudContexts clouds, @Reference NodeComponent thisNode,
                                 @Reference AwsClients aws, CoreConfig config) {
        this.aws = aws;
        this.executor = Executors.newScheduledThreadPool(4, Polling.threads("haven-backup-"));
        Clock clock = Clock.systemUTC();
        this.runs = runPool(config, clock);
        this.retention = retentionPool(config, clock);
        this.store = store;
        this.node = thisNode.node();
        this.drLease = new Lease(node, "disaster-recovery");
        this.housekeepingLease = new Lease(node, "housekeeping");
        BackupScripts scripts = new BackupScripts(scriptsFolder(config), clock);
        this.engine = new BackupEngine(store, types, clouds, executor, runs, retention, clock, scripts, new BackupEngine.Limits(
                Duration.ofSeconds(Math.max(1, config.maxPollIntervalSeconds())),
                Duration.ofMinutes(Math.max(1, config.pollErrorLimitMinutes())),
                Math.max(0, config.billedStorageLimitGiB()), Math.min(100, Math.max(1, config.billedStorageWarningPercent())),
                Zones.of(config), Duration.ofMinutes(Math.max(1, config.resumeWindowCapMinutes()))),
                () -> {
                    AlertListener listener = alertListener;
                    return listener == null ? AlertListener.NONE : listener;
                }, node);
        this.dr = Executors.newSingleThreadScheduledExecutor(Polling.threads("haven-dr-"));
        DisasterRecovery copies = new DisasterRecovery(store, types, clouds, clock, config.drMaxCopiesPerRegion(),
                engine.alerts());
        Runnable wake = copies.schedule(dr, Duration.ofSeconds(Math.max(1, config.maxPollIntervalSeconds())), drLease);
        engine.onRunEnded((id, policy, status) -> {
            if (copies.backupEnded(id, policy, status)) {
                wake.run();
            }
        });
        this.housekeeping = new Housekeeping(store, engine.deletion(), clock,
                Duration.ofDays(Math.max(0, config.deletedRecordRetentionDays())));
        if (node.recoveryOnly()) {
            // No runs, retries, DR or housekeeping here; runs this node left in progress wait for normal mode (or are
            // taken over by another node, as this one writes no heartbeat).
            return;
        }
        // Reconcile in the background: AWS may be slow, after scripts may run, and activation must not wait. Picking
        // up runs given by another node's scheduler begins after it, so the two never reconcile the same run.
        runs.execute(RECONCILING, () -> {
            engine.reconcile();
            executor.scheduleWithFixedDelay(this::pickUp, 0, 1, TimeUnit.SECONDS);
        });
        executor.scheduleWithFixedDelay(() -> {
            runs.logIfWaitingLongerThan(RUN_PATIENCE);
            retention.logIfWaitingLongerThan(RUN_PATIENCE);
        }, 1, 1, TimeUnit.MINUTES);
        long beat = Math.max(1, config.nodeHeartbeatSeconds());
        executor.scheduleWithFixedDelay(this::heartbeat, 0, beat, TimeUnit.SECONDS);
        long every = Math.max(1, config.housekeepingIntervalMinutes());
        executor.scheduleWithFixedDelay(this::housekeep, every, every, TimeUnit.MINUTES);
    }

    /** The node's heartbeat, the leases, and the take-over of nodes that have missed the timeout. */
    private void heartbeat() {
        try {
            node.beat();
            node.forgetExpiredLeases();
            aws.shareRateLimits(node.alive().size());
            boolean hadHousekeeping = housekeepingLease.held();
            drLease.renew();
            housekeepingLease.renew();
            if (!hadHousekeeping && housekeepingLease.held()) {
                executor.execute(this::housekeep); // the first pass on this node, as at a single node's start
            }
            for (String dead : node.dead()) {
                int taken = engine.takeOver(dead);
                if (taken > 0) {
                    LOG.warn("Node {} stopped answering; this node took {} of its backups and retries over", dead, taken);
                }
                if (store.backups().workOf(dead).isEmpty()) {
                    node.forget(dead);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The node's heartbeat failed; it is tried again", e);
        }
    }

    private void pickUp() {
        try {
            engine.pickUp();
        } catch (RuntimeException e) {
            LOG.warn("Picking up this node's backups failed; it is tried again", e);
        }
    }

    @Override
    public long start(Policy policy, BackupTrigger trigger, int attempt) {
        return engine.start(policy, trigger, attempt);
    }

    @Override
    public List<BackupRepository.ScheduledStart> startScheduled(List<Due> due) {
        return engine.startScheduled(due);
    }

    @Override
    public void deleteNow(Backup backup) {
        engine.deletion().deleteAll(backup, "Deleted on request");
    }

    @Override
    public void deleteOrphansSoon() {
        executor.execute(() -> {
            try {
                housekeeping.deleteOrphans(); // asked for on this node: done here, whichever node holds the lease
            } catch (RuntimeException e) {
                LOG.warn("Deleting the backups of deleted policies failed; housekeeping tries again later", e);
            }
        });
    }

    private void housekeep() {
        if (!housekeepingLease.held()) {
            return; // another node does it for all
        }
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed; it runs again later", e);
        }
    }

    /** {@code runThreads} threads, {@code runThreadsPerAccount} of them for one account at most (0: half). */
    static FairExecutor runPool(CoreConfig config, Clock clock) {
        int threads = Math.max(1, config.runThreads());
        int share = config.runThreadsPerAccount() > 0 ? config.runThreadsPerAccount() : (threads + 1) / 2;
        FairExecutor pool = new FairExecutor("Backup runs", threads, share, Polling.threads("haven-backup-run-"),
                clock);
        LOG.info("Backup runs: {} threads at most, {} of them for one account", pool.threads(), pool.share());
        return pool;
    }

    /**
     * {@code retentionThreads} threads, one account's pass at a time: the passes of one policy never overlap, and an
     * account's deletions share its delete bucket whatever runs them.
     */
    static FairExecutor retentionPool(CoreConfig config, Clock clock) {
        return new FairExecutor("Retention", Math.max(1, config.retentionThreads()), 1,
                Polling.threads("haven-retention-"), clock);
    }

    private static Path scriptsFolder(CoreConfig config) {
        Path folder = config.scriptsFolder().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "haven", "scripts")
                : Path.of(config.scriptsFolder());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            LOG.warn("Cannot create the scripts folder {}: {}", folder, e.getMessage());
        }
        return folder;
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
        runs.shutdownNow();
        retention.shutdownNow();
        dr.shutdownNow();
        try {
            drLease.release();
            housekeepingLease.release();
        } catch (RuntimeException e) {
            LOG.debug("The leases could not be given up; they expire", e);
        }
    }

}
