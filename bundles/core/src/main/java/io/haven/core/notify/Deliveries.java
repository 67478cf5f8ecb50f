package io.haven.core.notify;

import io.haven.api.model.Alert;
import io.haven.api.model.Delivery;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.model.User;
import io.haven.api.notify.Notification;
import io.haven.api.notify.Notifier;
import io.haven.core.alert.AlertVisibility;
import io.haven.core.security.SecretCipher;
import io.haven.store.AlertScope;
import io.haven.store.HavenStore;
import io.haven.store.NotifierRepository.StoredDelivery;
import io.haven.store.NotifierRepository.StoredNotifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue: every notification is recorded before it is sent, sent on this class's own executor (never on
 * a backup's thread), retried with doubling waits up to a number of attempts, and its outcome recorded. Queued
 * deliveries survive a restart ({@link #resume()}).
 */
public class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    /**
     * @param firstWait   the wait after the first failed attempt; it doubles after each further one
     * @param maxWait     the longest wait
     * @param maxAttempts attempts in all before a delivery is given up
     */
    public record Retry(Duration firstWait, Duration maxWait, int maxAttempts) {
        public static final Retry DEFAULT = new Retry(Duration.ofSeconds(30), Duration.ofMinutes(30), 8);

        Duration waitAfter(int attempts) {
            long factor = 1L << Math.min(20, attempts - 1);
            Duration wait = firstWait.multipliedBy(factor);
            return wait.compareTo(maxWait) > 0 ? maxWait : wait;
        }
    }

    private final HavenStore store;
    private final AlertVisibility visibility;
    private final Function<String, Optional<Notifier>> notifiers;
    private final SecretCipher cipher;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Retry retry;

    public Deliveries(HavenStore store, Function<String, Optional<Notifier>> notifiers, SecretCipher cipher,
                      ScheduledExecutorService executor, Clock clock, Retry retry) {
        this.store = store;
        this.visibility = new AlertVisibility(store);
        this.notifiers = notifiers;
        this.cipher = cipher;
        this.executor = executor;
        this.clock = clock;
        this.retry = retry;
    }

    /** Queues an alert's raising or clearing to every notifier that carries alerts to a user who sees it; returns at once. */
    public void alert(Alert alert, boolean raised) {
        executor.execute(() -> {
            try {
                for (StoredNotifier notifier : store.notifiers().all()) {
                    Optional<User> user = store.users().byId(notifier.userId()).map(stored -> stored.user());
                    if (notifier.alerts() && user.isPresent() && visibility.reaches(user.get(), alert, true)) {
                        queue(notifier.id(), alert.id(), raised ? Kind.ALERT_RAISED : Kind.ALERT_CLEARED,
                                Texts.alertSubject(alert, raised), Texts.alertBody(alert, raised));
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("Could not queue the notifications of alert {}: {}", alert.id(), e.getMessage(), e);
            }
        });
    }

    /** Records a delivery and sends it soon. */
    public Delivery queue(long notifierId, Long alertId, Kind kind, String subject, String body) {
        long id = store.notifiers().queue(notifierId, alertId, kind, subject, body, clock.instant());
        executor.execute(() -> attempt(id));
        return store.notifiers().delivery(id).orElseThrow().delivery();
    }

    /** Schedules the deliveries still queued, each when it is due. */
    public void resume() {
        for (Delivery delivery : store.notifiers().queued()) {
            Instant due = delivery.nextAttempt() == null ? clock.instant() : delivery.nextAttempt();
            executor.schedule(() -> attempt(delivery.id()), Math.max(0, Duration.between(clock.instant(), due).toMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Attempts the queued deliveries whose next attempt is overdue by more than the grace: the node that planned them
     * stopped (several nodes, decision 0039); the claim of each attempt keeps a late planner from sending it twice.
     */
    public int attemptOverdue(Duration grace) {
        List<Long> overdue = store.notifiers().overdue(clock.instant().minus(grace));
        overdue.forEach(id -> executor.execute(() -> attempt(id)));
        return overdue.size();
    }

    /** How long an attempt may take before another node may take it for lost (a notifier's call times out sooner). */
    static final Duration ATTEMPT_LEASE = Duration.ofMinutes(5);

    void attempt(long id) {
        try {
            Optional<StoredDelivery> found = store.notifiers().delivery(id);
            if (found.isEmpty() || found.get().delivery().state() != Delivery.State.QUEUED) {
                return;
            }
            StoredDelivery stored = found.get();
            Optional<StoredNotifier> notifier = store.notifiers().get(stored.delivery().notifierId());
            if (notifier.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            if (!store.notifiers().claimAttempt(id, stored.delivery().attempts(), now, now.plus(ATTEMPT_LEASE))) {
                return; // another node makes this attempt (decision 0039)
            }
            int attempts = stored.delivery().attempts() + 1;
            String error = send(notifier.get(), stored);
            if (error == null) {
                store.notifiers().delivered(id, attempts, clock.instant());
            } else if (attempts >= retry.maxAttempts()) {
                store.notifiers().failed(id, attempts, error, clock.instant());
                LOG.warn("Gave up notification {} through notifier '{}' after {} attempts: {}", id, notifier.get().name(),
                        attempts, error);
            } else {
                Duration wait = retry.waitAfter(attempts);
                store.notifiers().retryAt(id, attempts, error, clock.instant().plus(wait));
                executor.schedule(() -> attempt(id), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.error("Notification {} could not be attempted: {}", id, e.getMessage(), e);
        }
    }

    /** Sends once; the error to record, or null when it was delivered. */
    private String send(StoredNotifier notifier, StoredDelivery stored) {
        Optional<Notifier> plugin = notifiers.apply(notifier.type());
        if (plugin.isEmpty()) {
            return "No notifier plugin of type '" + notifier.type() + "' is installed";
        }
        try {
            plugin.get().send(notification(notifier, stored), plainSettings(notifier));
            return null;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Texts.withoutSecrets(message, notifier, cipher);
        }
    }

    private Notification notification(StoredNotifier notifier, StoredDelivery stored) {
        Delivery delivery = stored.delivery();
        String user = store.users().byId(notifier.userId()).map(u -> u.user().username()).orElse("?");
        List<Alert> alerts = switch (delivery.kind()) {
            case ALERT_RAISED, ALERT_CLEARED -> delivery.alertId() == null ? List.of()
                    : store.alerts().get(AlertScope.all(), delivery.alertId()).stream().toList();
            case DAILY_SUMMARY -> store.users().byId(notifier.userId())
                    .map(u -> store.alerts().list(visibility.scope(u.user()), true, 1000)).orElse(List.of());
            case TEST -> List.of();
        };
        return new Notification(delivery.kind(), user, stored.subject(), stored.body(), alerts, delivery.created());
    }

    Map<String, String> plainSettings(StoredNotifier notifier) {
        Map<String, String> plain = new HashMap<>();
        notifier.settings().forEach((name, setting) -> plain.put(name,
                setting.secret() ? cipher.decrypt(setting.value()) : setting.value()));
        return plain;
    }
}
