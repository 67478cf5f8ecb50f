package io.haven.core.tags;

import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.TagScanService;
import io.haven.api.service.ValidationException;
import io.haven.aws.ec2.Ec2Regions;
import io.haven.core.account.CloudContexts;
import io.haven.core.alert.AlertListener;
import io.haven.core.alert.Alerts;
import io.haven.core.cluster.Node;
import io.haven.core.cluster.NodeComponent;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.internal.Validation;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 * Tag scanning (guide 13): root's settings, "scan now", and the automatic scans every {@code intervalHours} while
 * scanning is on. A scan covers every account with "Scan Resources" on, as that account's owner; one scan runs at a
 * time.
 */
@Component(service = TagScanService.class, immediate = true, configurationPid = CoreConfig.PID)
public class TagScanServiceImpl implements TagScanService {

    static final int MAX_INTERVAL_HOURS = 720;

    private static final Logger LOG = LoggerFactory.getLogger(TagScanServiceImpl.class);

    private final HavenStore store;
    private final TagScanner scanner;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Alerts alerts;
    private ScheduledFuture<?> next;
    /** This node among those sharing the database; null in tests, where this is the only node. */
    private Node node;

    /** Notifications, when their component runs; alerts are stored without it all the same. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AlertListener alertListener;

    @Activate
    public TagScanServiceImpl(@Reference HavenStore store, @Reference TargetTypeRegistry types,
                              @Reference CloudContexts clouds, @Reference PolicyServiceImpl policies,
                              @Reference NodeComponent thisNode, CoreConfig config) {
        this(store, new TagScanner(store, types, clouds, policies,
                        accountId -> Ec2Regions.enabled(clouds.context(accountId, config.defaultRegion())), Clock.systemUTC()),
                Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(Polling.threads("haven-tag-scan-")));
        this.node = thisNode.node();
        if (node.recoveryOnly()) {
            LOG.warn("Recovery-only mode: no automatic tag scan on this node");
            return;
        }
        reschedule();
    }

    /** For tests and in-process use: the scanner, clock and timer given; no automatic scan is planned until settings change. */
    public TagScanServiceImpl(HavenStore store, TagScanner scanner, Clock clock, ScheduledExecutorService timer) {
        this.store = store;
        this.scanner = scanner;
        this.clock = clock;
        this.timer = timer;
        this.alerts = new Alerts(store, clock, () -> {
            AlertListener listener = alertListener;
            return listener == null ? AlertListener.NONE : listener;
        });
    }

    @Deactivate
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public TagScanSettings settings(Caller caller) {
        requireRoot(caller);
        return store.tagScans().settings();
    }

    @Override
    public TagScanSettings updateSettings(Caller caller, TagScanSettings settings) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        requireRoot(caller);
        if (settings == null) {
            throw new ValidationException("body", "The settings are required");
        }
        Validation.range("intervalHours", settings.intervalHours(), 1, MAX_INTERVAL_HOURS);
        store.tagScans().saveSettings(settings);
        reschedule();
        return store.tagScans().settings();
    }

    @Override
    public List<TagScanLog> scanNow(Caller caller) {
        Worlds.requireAllowed(caller, Change.BACKUPS);
        requireRoot(caller);
        return scanAll();
    }

    @Override
    public List<TagScanLog> lastScans(Caller caller) {
        requireRoot(caller);
        return store.tagScans().lastScans();
    }

    /** Scans every account with "Scan Resources" on, each as its owner, and keeps each account's log. */
    synchronized List<TagScanLog> scanAll() {
        List<TagScanLog> logs = new ArrayList<>();
        for (Account account : store.accounts().list()) {
            if (!account.scanResources()) {
                continue;
            }
            Long ownerId = store.owners().ownerOf(Owned.ACCOUNT, account.id()).orElse(null);
            var owner = ownerId == null ? null : store.users().byId(ownerId).orElse(null);
            if (owner == null) {
                continue; // deleted meanwhile with its user
            }
            try {
                TagScanLog log = scanner.scan(account, Caller.of(owner.user()),
                        store.tagScans().last(account.id()).orElse(null));
                store.tagScans().saveLast(log);
                alert(account, ownerId, log);
                logs.add(log);
                LOG.info("Tag scan of account {}: {} tagged resources, {} log lines", account.name(), log.tagged(),
                        log.entries().size());
            } catch (RuntimeException e) {
                // One account's trouble (deleted meanwhile, the store) does not keep the others from being scanned.
                LOG.warn("Tag scan of account {} failed: {}", account.name(), e.getMessage(), e);
            }
        }
        return logs;
    }

    /** Raises the account's scan alert for the owner when the scan logged errors or warnings, else clears it. */
    private void alert(Account account, long ownerId, TagScanLog log) {
        List<TagScanEntry> problems = log.entries().stream()
                .filter(e -> e.kind() == TagScanEntry.Kind.ERROR || e.kind() == TagScanEntry.Kind.WARNING).toList();
        if (problems.isEmpty()) {
            alerts.tagScanClean(account.id());
        } else {
            alerts.tagScanProblems(account.id(), account.name(), ownerId, problems);
        }
    }

    /** Plans the next automatic scan: one interval after the last scan ended (at once if that is past), while on. */
    synchronized void reschedule() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        TagScanSettings settings = store.tagScans().settings();
        if (!settings.enabled() || (node != null && node.recoveryOnly())) {
            return;
        }
        Instant last = store.tagScans().lastScans().stream().map(TagScanLog::ended).max(Instant::compareTo).orElse(null);
        Duration delay = delayUntilDue(last, settings.intervalHours(), clock.instant());
        next = timer.schedule(this::automaticScan, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How long until the planned automatic scan; empty when none is planned (scanning off). */
    synchronized Optional<Duration> nextScanDelay() {
        return next == null || next.isDone() ? Optional.empty()
                : Optional.of(Duration.ofMillis(next.getDelay(TimeUnit.MILLISECONDS)));
    }

    private void automaticScan() {
        // Every node plans the scan from the same last scan; the first to claim it scans (decision 0039), and the others
        // look again after a while, when the scan it made has moved the next one on.
        Instant last = store.tagScans().lastScans().stream().map(TagScanLog::ended).max(Instant::compareTo).orElse(null);
        if (node != null && !node.once("tag-scan after " + (last == null ? "none" : last.toEpochMilli()),
                Duration.ofHours(Math.max(1, store.tagScans().settings().intervalHours())))) {
            synchronized (this) {
                next = timer.schedule(this::automaticScan, ANOTHER_NODE_SCANS.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        try {
            scanAll();
        } catch (RuntimeException e) {
            LOG.warn("Automatic tag scan failed: {}", e.getMessage(), e);
        }
        reschedule();
    }

    /** How long a node waits when another node took the scan that was due. */
    private static final Duration ANOTHER_NODE_SCANS = Duration.ofMinutes(1);

    /** How long until a scan is due: {@code intervalHours} after the last one, never negative; at once if none ran. */
    static Duration delayUntilDue(Instant lastScan, int intervalHours, Instant now) {
        if (lastScan == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, lastScan.plus(Duration.ofHours(intervalHours)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static void requireRoot(Caller caller) {
        if (!caller.user().root()) {
            throw new ForbiddenException("Only root controls tag scanning");
        }
    }
}
