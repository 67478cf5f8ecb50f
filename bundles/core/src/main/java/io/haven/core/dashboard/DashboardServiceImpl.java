package io.haven.core.dashboard;

import io.haven.api.model.Account;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.Caller;
import io.haven.api.model.Dashboard;
import io.haven.api.model.Dashboard.ProtectedCount;
import io.haven.api.model.Dashboard.RpoAtRisk;
import io.haven.api.model.Policy;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.service.AlertService;
import io.haven.api.service.DashboardService;
import io.haven.core.access.Worlds;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Zones;
import io.haven.schedule.ScheduleCalculator;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import io.haven.store.PolicyRepository.StoredTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The caller's world at a glance, over what {@link Worlds} lets it see. */
@Component(service = DashboardService.class, configurationPid = CoreConfig.PID)
public class DashboardServiceImpl implements DashboardService {

    /** A run that is this late without a good backup puts its policy's recovery point at risk. */
    public static final Duration GRACE = Duration.ofHours(1);
    private static final int ALERTS_COUNTED = 1_000;

    private final HavenStore store;
    private final AlertService alerts;
    private final Worlds worlds;
    private final ZoneId zone;
    private final Clock clock;
    private final boolean recoveryOnly;

    @Activate
    public DashboardServiceImpl(@Reference HavenStore store, @Reference AlertService alerts, CoreConfig config) {
        this(store, alerts, Zones.of(config), Clock.systemUTC(), config.recoveryOnly());
    }

    public DashboardServiceImpl(HavenStore store, AlertService alerts, ZoneId zone, Clock clock) {
        this(store, alerts, zone, clock, false);
    }

    /** @param recoveryOnly whether this node runs in recovery-only mode (shown, so that nobody waits for a backup) */
    public DashboardServiceImpl(HavenStore store, AlertService alerts, ZoneId zone, Clock clock, boolean recoveryOnly) {
        this.recoveryOnly = recoveryOnly;
        this.store = store;
        this.alerts = alerts;
        this.worlds = new Worlds(store);
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public Dashboard dashboard(Caller caller) {
        Instant now = clock.instant();
        Set<Long> owners = worlds.visibleOwners(caller);
        Set<Long> policyIds = store.owners().ownedBy(Owned.POLICY, owners);
        List<Policy> policies = store.policies().list().stream().filter(p -> policyIds.contains(p.id())).toList();
        Map<Long, List<StoredTarget>> targets = new HashMap<>();
        policies.forEach(p -> targets.put(p.id(), store.policies().targets(p.id())));

        List<Backup> running = store.backups().list(new BackupQuery(null, BackupStatus.IN_PROGRESS, "started", true, 0,
                Dashboard.RUNNING_LIMIT, null, null), owners).items();
        List<Recovery> recovering = store.recoveries().list(null, null, 200, owners).stream()
                .filter(r -> r.status() == RecoveryStatus.IN_PROGRESS).limit(Dashboard.RUNNING_LIMIT).toList();
        return new Dashboard(now, protectedCounts(owners, policies, targets),
                store.backups().countByStatusSince(now.minus(Duration.ofDays(1)), owners),
                alerts.current(caller, ALERTS_COUNTED).size(), running, recovering, atRisk(policies, targets, now),
                store.backups().drInProgress(owners, Dashboard.RUNNING_LIMIT), recoveryOnly);
    }

    /** Distinct resources (type, account, region, id) held by some policy, counted per type and account. */
    private List<ProtectedCount> protectedCounts(Set<Long> owners, List<Policy> policies, Map<Long, List<StoredTarget>> targets) {
        Set<Long> accountIds = store.owners().ownedBy(Owned.ACCOUNT, owners);
        Map<Long, String> names = new HashMap<>();
        for (Account account : store.accounts().list()) {
            if (accountIds.contains(account.id())) {
                names.put(account.id(), account.name());
            }
        }
        Map<String, Set<String>> resources = new TreeMap<>();
        for (Policy policy : policies) {
            for (StoredTarget target : targets.get(policy.id())) {
                String key = target.spec().type() + "\u0000" + policy.spec().accountId();
                resources.computeIfAbsent(key, k -> new HashSet<>()).add(target.spec().region() + "/" + target.spec().resourceId());
            }
        }
        List<ProtectedCount> counts = new ArrayList<>();
        resources.forEach((key, ids) -> {
            String[] parts = key.split("\u0000");
            long accountId = Long.parseLong(parts[1]);
            counts.add(new ProtectedCount(parts[0], accountId, names.getOrDefault(accountId, "#" + accountId), ids.size()));
        });
        return counts;
    }

    /**
     * Enabled policies with targets and schedules where a run was due after the last good backup (or after the
     * policy was made) more than {@link #GRACE} ago.
     */
    private List<RpoAtRisk> atRisk(List<Policy> policies, Map<Long, List<StoredTarget>> targets, Instant now) {
        List<RpoAtRisk> risks = new ArrayList<>();
        for (Policy policy : policies) {
            if (!policy.spec().enabled() || targets.get(policy.id()).isEmpty() || policy.spec().scheduleIds().isEmpty()) {
                continue;
            }
            Optional<Instant> lastGood = store.backups().lastSuccessStarted(policy.id());
            Instant since = lastGood.orElse(policy.created());
            Optional<Instant> missed = policy.spec().scheduleIds().stream()
                    .map(id -> store.schedules().get(id))
                    .flatMap(Optional::stream)
                    .map(s -> ScheduleCalculator.nextRun(s.spec(), since, zone))
                    .flatMap(Optional::stream)
                    .min(Comparator.naturalOrder());
            if (missed.isPresent() && missed.get().plus(GRACE).isBefore(now)) {
                risks.add(new RpoAtRisk(policy.id(), policy.spec().name(), lastGood.orElse(null), missed.get(),
                        targets.get(policy.id()).size()));
            }
        }
        return risks;
    }
}
