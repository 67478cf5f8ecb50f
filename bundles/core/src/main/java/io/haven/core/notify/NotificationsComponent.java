package io.haven.core.notify;

import io.haven.api.model.Alert;
import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierTypeInfo;
import io.haven.api.notify.Notifier;
import io.haven.api.service.NotifierService;
import io.haven.core.account.AccountCredentials;
import io.haven.core.alert.AlertListener;
import io.haven.core.cluster.Node;
import io.haven.core.cluster.NodeComponent;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Polling;
import io.haven.core.internal.Zones;
import io.haven.core.security.SecretCipher;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications as a DS service: tracks the notifier plugins on the whiteboard, owns the delivery threads (two, apart
 * from the engine's, so a slow webhook holds up nothing but other notifications), hears alerts as the engine raises
 * and clears them, and serves users' notifier settings.
 */
@Component(service = {NotifierService.class, AlertListener.class}, immediate = true, configurationPid = CoreConfig.PID)
public class NotificationsComponent implements NotifierService, AlertListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationsComponent.class);

    private final Map<String, Notifier> plugins = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private final Deliveries deliveries;
    private final NotifierConfigs configs;
    private final DailySummary summary;
    private final Node node;

    @Activate
    public NotificationsComponent(@Reference HavenStore store, @Reference NodeComponent thisNode, CoreConfig config) {
        this.node = thisNode.node();
        this.executor = Executors.newScheduledThreadPool(2, Polling.threads("haven-notify-"));
        SecretCipher cipher = new SecretCipher(AccountCredentials.keyFile(config.secretKeyFile()));
        Clock clock = Clock.systemUTC();
        this.deliveries = new Deliveries(store, this::plugin, cipher, executor, clock, Deliveries.Retry.DEFAULT);
        this.configs = new NotifierConfigs(store, this::plugin, this::installed, cipher, deliveries, clock);
        deliveries.resume();
        this.summary = new DailySummary(store, deliveries, clock, Zones.of(config), DailySummary.timeOf(config.dailySummaryTime()));
        scheduleSummary();
        // A delivery planned by a node that stopped is attempted by another (decision 0039).
        executor.scheduleWithFixedDelay(() -> {
            try {
                deliveries.attemptOverdue(Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                LOG.warn("Overdue notifications could not be looked for: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /** One summary a day: each run schedules the next, so that a change of daylight saving time is followed. */
    private void scheduleSummary() {
        executor.schedule(() -> {
            try {
                // Every node plans the summary for the same time; the first to claim today's key sends it (decision 0039).
                if (!node.recoveryOnly() && node.once(summary.todaysKey(), Duration.ofDays(2))) {
                    summary.send();
                }
            } catch (RuntimeException e) {
                LOG.error("The daily summary could not be queued: {}", e.getMessage(), e);
            } finally {
                scheduleSummary();
            }
        }, Math.max(1000, summary.untilNext().toMillis()), TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addNotifier(Notifier notifier) {
        plugins.put(notifier.type(), notifier);
        LOG.info("Notifier type {} is available", notifier.type());
    }

    public void removeNotifier(Notifier notifier) {
        plugins.remove(notifier.type(), notifier);
        LOG.info("Notifier type {} is no longer available", notifier.type());
    }

    private Optional<Notifier> plugin(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(plugins.get(type));
    }

    private List<Notifier> installed() {
        return plugins.values().stream().sorted(Comparator.comparing(Notifier::type)).toList();
    }

    @Override
    public void raised(Alert alert) {
        deliveries.alert(alert, true);
    }

    @Override
    public void cleared(Alert alert) {
        deliveries.alert(alert, false);
    }

    @Override
    public List<NotifierTypeInfo> types() {
        return configs.types();
    }

    @Override
    public List<NotifierInfo> list(Caller caller) {
        return configs.list(caller);
    }

    @Override
    public NotifierInfo get(Caller caller, long id) {
        return configs.get(caller, id);
    }

    @Override
    public NotifierInfo create(Caller caller, NotifierDraft draft) {
        return configs.create(caller, draft);
    }

    @Override
    public NotifierInfo update(Caller caller, long id, NotifierDraft draft) {
        return configs.update(caller, id, draft);
    }

    @Override
    public void delete(Caller caller, long id) {
        configs.delete(caller, id);
    }

    @Override
    public Delivery test(Caller caller, long id) {
        return configs.test(caller, id);
    }

    @Override
    public List<Delivery> deliveries(Caller caller, long id, int limit) {
        return configs.deliveries(caller, id, limit);
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }
}
