package io.haven.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierSetting;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.notify.Notification;
import io.haven.api.notify.Notifier;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.TestStores;
import io.haven.core.security.SecretCipher;
import io.haven.store.AlertRepository.Raise;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifier settings and the delivery queue (guide 15.3-15.4): queued, retried with back-off, recorded, never blocking. */
class DeliveriesTest {

    @TempDir
    Path keys;

    private final RecordingNotifier plugin = new RecordingNotifier();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private HavenStore store;
    private SecretCipher cipher;
    private Deliveries deliveries;
    private NotifierConfigs configs;
    private Caller root;
    private Caller alice;

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        cipher = new SecretCipher(keys.resolve("secrets.key"));
        deliveries = new Deliveries(store, this::find, cipher, executor, Clock.systemUTC(),
                new Deliveries.Retry(Duration.ofMillis(20), Duration.ofMillis(80), 4));
        configs = new NotifierConfigs(store, this::find, () -> List.of(plugin), cipher, deliveries, Clock.systemUTC());
        root = Caller.of(TestStores.ROOT.user());
        alice = Caller.of(new User(store.users().insert("alice", "x", false), "alice", UserType.INDEPENDENT, null));
    }

    @AfterEach
    void tearDown() {
        plugin.release.countDown();
        executor.shutdownNow();
    }

    private Optional<Notifier> find(String type) {
        return "fake".equals(type) ? Optional.of(plugin) : Optional.empty();
    }

    @Test
    void secretsAreStoredEncryptedNeverShownAndKeptWhenLeftOutOfAChange() {
        NotifierInfo made = configs.create(root, new NotifierDraft("ops", "fake", true, false,
                Map.of("url", "https://hooks.example/1", "token", "tok-123")));

        assertThat(made.settings()).containsEntry("url", "https://hooks.example/1").containsEntry("token", NotifierInfo.HIDDEN);
        String storedToken = store.notifiers().get(made.id()).orElseThrow().settings().get("token").value();
        assertThat(storedToken).doesNotContain("tok-123").startsWith("v1:");
        configs.update(root, made.id(), new NotifierDraft("ops", null, true, true,
                Map.of("url", "https://hooks.example/2", "token", NotifierInfo.HIDDEN)));
        assertThat(deliveries.plainSettings(store.notifiers().get(made.id()).orElseThrow()))
                .containsEntry("token", "tok-123").containsEntry("url", "https://hooks.example/2");
        assertThat(plugin.prepared).as("the plugin checked both").hasSize(2);
    }

    @Test
    void badSettingsNameTheFieldAndStoreNothing() {
        assertThatThrownBy(() -> configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.url");
        assertThatThrownBy(() -> configs.create(root, new NotifierDraft("ops", "fake", true, false,
                Map.of("url", "https://x", "colour", "red"))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.colour");
        assertThatThrownBy(() -> configs.create(root, new NotifierDraft("ops", "carrier-pigeon", true, false, Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> configs.create(root, new NotifierDraft("ops", "fake", true, false,
                Map.of("url", "ftp://nope"))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.url");
        assertThat(configs.list(root)).isEmpty();
        configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x")));
        assertThatThrownBy(() -> configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://y"))))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aUserSeesOnlyItsOwnNotifiers() {
        long id = configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x"))).id();
        assertThat(configs.list(alice)).isEmpty();
        assertThatThrownBy(() -> configs.get(alice, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> configs.test(alice, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> configs.delete(alice, id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAlertGoesToTheNotifiersThatCarryAlertsAndATestIsDelivered() {
        long ops = configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x"))).id();
        long summaryOnly = configs.create(root, new NotifierDraft("daily", "fake", false, true, Map.of("url", "https://y"))).id();
        var alert = store.alerts().raise(new Raise("policy:1", AlertCategory.BACKUP, AlertSeverity.ERROR, 1L, "web", 3L,
                "Policy web Backup Failure", "failed"), java.time.Instant.now()).alert();

        deliveries.alert(alert, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.sent.size() == 1);
        Notification sent = plugin.sent.get(0);
        assertThat(sent.kind()).isEqualTo(Delivery.Kind.ALERT_RAISED);
        assertThat(sent.subject()).isEqualTo("Policy web Backup Failure");
        assertThat(sent.alerts()).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo(alert.id()));
        assertThat(sent.user()).isEqualTo("root");
        assertThat(plugin.settingsSeen.get(0)).containsEntry("url", "https://x");
        await().atMost(Duration.ofSeconds(10)).until(() -> configs.deliveries(root, ops, 10).get(0).state()
                == Delivery.State.DELIVERED);
        assertThat(configs.deliveries(root, summaryOnly, 10)).isEmpty();

        Delivery test = configs.test(root, summaryOnly);
        assertThat(test.kind()).isEqualTo(Delivery.Kind.TEST);
        await().atMost(Duration.ofSeconds(10)).until(() -> configs.deliveries(root, summaryOnly, 10).get(0).state()
                == Delivery.State.DELIVERED);
        assertThat(plugin.sent).last().satisfies(n -> assertThat(n.text()).contains("test notification"));
    }

    @Test
    void aFailingDeliveryIsRetriedWithBackOffThenGivenUpWithItsErrorRecordedWithoutTheSecret() {
        plugin.failures.set(100);
        long id = configs.create(root, new NotifierDraft("ops", "fake", true, false,
                Map.of("url", "https://x", "token", "tok-secret"))).id();
        configs.test(root, id);

        await().atMost(Duration.ofSeconds(10)).until(() -> configs.deliveries(root, id, 10).get(0).state()
                == Delivery.State.FAILED);
        Delivery failed = configs.deliveries(root, id, 10).get(0);
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.lastError()).isEqualTo("503 from https://x with token ********");
        assertThat(plugin.attempts).hasValue(4);
        assertThat(plugin.gaps()).as("waits double: 20, 40, 80 ms at least").satisfies(gaps -> {
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(20);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(40);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(80);
        });
    }

    @Test
    void aDeliveryThatFailsOnceIsDeliveredByItsRetry() {
        plugin.failures.set(1);
        long id = configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x"))).id();
        configs.test(root, id);
        await().atMost(Duration.ofSeconds(10)).until(() -> configs.deliveries(root, id, 10).get(0).state()
                == Delivery.State.DELIVERED);
        assertThat(configs.deliveries(root, id, 10).get(0).attempts()).isEqualTo(2);
    }

    @Test
    void aSlowNotifierNeverHoldsUpWhoRaisesTheAlert() throws Exception {
        plugin.blocking = true;
        configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x")));
        var alert = store.alerts().raise(new Raise("policy:1", AlertCategory.BACKUP, AlertSeverity.ERROR, 1L, "web", 3L,
                "Policy web Backup Failure", "failed"), java.time.Instant.now()).alert();

        for (int i = 0; i < 5; i++) {
            deliveries.alert(alert, true); // returns while the notifier hangs on the first
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.entered.getCount() == 0);
        assertThat(plugin.sent).isEmpty();
        plugin.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.sent.size() == 5);
    }

    @Test
    void queuedDeliveriesAreSentAfterARestart() {
        long id = configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x"))).id();
        store.notifiers().queue(id, null, Delivery.Kind.TEST, "left over", "from before the restart", java.time.Instant.now());

        deliveries.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.sent.size() == 1);
        assertThat(plugin.sent.get(0).subject()).isEqualTo("left over");
    }

    /** Records what it sends; can fail a number of times, or hang until released. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void anAttemptIsMadeByOneNodeAndADeliveryPlannedByAStoppedNodeIsMadeByAnother() throws Exception {
        long ops = configs.create(root, new NotifierDraft("ops", "fake", true, false, Map.of("url", "https://x"))).id();
        // Queued by a node that stopped before attempting it: overdue by two minutes.
        long id = store.notifiers().queue(ops, null, Delivery.Kind.TEST, "left behind", "body",
                java.time.Instant.now().minus(Duration.ofMinutes(2)));
        ScheduledExecutorService otherPool = Executors.newScheduledThreadPool(1);
        try {
            Deliveries otherNode = new Deliveries(store, this::find, cipher, otherPool, Clock.systemUTC(),
                    new Deliveries.Retry(Duration.ofMillis(20), Duration.ofMillis(80), 4));
            plugin.blocking = true;
            assertThat(deliveries.attemptOverdue(Duration.ofMinutes(1))).isEqualTo(1);
            plugin.entered.await();
            // The other node finds it overdue too, while the first node's attempt is still sending: it leaves it.
            assertThat(otherNode.attemptOverdue(Duration.ofMinutes(1))).as("claimed for five minutes").isZero();
            otherNode.attempt(id);
            assertThat(plugin.attempts.get()).isEqualTo(1);
            plugin.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.notifiers().delivery(id).orElseThrow().delivery()
                    .state() == Delivery.State.DELIVERED);
            assertThat(plugin.attempts.get()).isEqualTo(1);
            assertThat(store.notifiers().delivery(id).orElseThrow().delivery().attempts()).isEqualTo(1);
        } finally {
            otherPool.shutdownNow();
        }
    }

    static final class RecordingNotifier implements Notifier {
        final List<Notification> sent = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> settingsSeen = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> prepared = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blocking;

        @Override
        public String type() {
            return "fake";
        }

        @Override
        public String description() {
            return "A notifier of the tests";
        }

        @Override
        public List<NotifierSetting> settings() {
            return List.of(NotifierSetting.required("url", "The URL"), NotifierSetting.secret("token", "A token", false));
        }

        @Override
        public Map<String, String> prepare(Map<String, String> settings) {
            if (!settings.get("url").startsWith("https://")) {
                throw new ValidationException("settings.url", "An https URL is required");
            }
            prepared.add(settings);
            return settings;
        }

        @Override
        public void send(Notification notification, Map<String, String> settings) throws Exception {
            attempts.incrementAndGet();
            times.add(System.nanoTime() / 1_000_000);
            if (blocking) {
                entered.countDown();
                release.await();
            }
            if (failures.getAndDecrement() > 0) {
                throw new java.io.IOException("503 from " + settings.get("url") + " with token " + settings.get("token"));
            }
            settingsSeen.add(settings);
            sent.add(notification);
        }

        List<Long> gaps() {
            List<Long> gaps = new java.util.ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                gaps.add(times.get(i) - times.get(i - 1));
            }
            return gaps;
        }
    }
}
