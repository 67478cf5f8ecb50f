package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.alert.AlertVisibility;
import io.haven.store.AlertRepository.Raise;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts as users see them (guide 15.1-15.2): visibility, acknowledgement, deletion, alerts keys, the pull API. */
class AlertServiceImplTest {

    private HavenStore store;
    private MutableClock clock;
    private AlertServiceImpl alerts;
    private Caller root;
    private Caller alice;

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        alerts = new AlertServiceImpl(store, clock);
        root = Caller.of(TestStores.ROOT.user());
        alice = Caller.of(new User(store.users().insert("alice", "x", false), "alice", UserType.INDEPENDENT, null));
    }

    @Test
    void rootSeesCurrentAlertsAndAnotherUserNoneOfRootsAlerts() {
        long failing = raise("policy:1", "web");
        long resolved = raise("policy:2", "db");
        store.alerts().clear("policy:2", clock.instant());

        assertThat(alerts.current(root, 10)).extracting(Alert::id).containsExactly(failing);
        assertThat(alerts.current(alice, 10)).isEmpty();
        assertThatThrownBy(() -> alerts.get(alice, failing)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alerts.acknowledge(alice, failing)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alerts.delete(alice, failing)).isInstanceOf(NotFoundException.class);
        assertThat(alerts.get(root, resolved).cleared()).isNotNull();
        assertThatThrownBy(() -> alerts.current(root, 0)).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("limit");
    }

    @Test
    void anAcknowledgedAlertStaysCurrentButLeavesThePullApiAndADeletedOneIsGone() {
        long acknowledged = raise("policy:1", "web");
        long open = raise("policy:2", "db");
        String key = alerts.newAlertsKey(root).key();

        clock.advance(Duration.ofMinutes(5));
        assertThat(alerts.acknowledge(root, acknowledged).acknowledged()).isEqualTo(clock.instant());
        assertThat(alerts.current(root, 10)).hasSize(2);
        assertThat(alerts.pull(key, "10.0.0.1")).hasValueSatisfying(list ->
                assertThat(list).extracting(Alert::id).containsExactly(open));

        alerts.delete(root, open);
        assertThatThrownBy(() -> alerts.get(root, open)).isInstanceOf(NotFoundException.class);
        assertThat(alerts.pull(key, "10.0.0.1")).hasValueSatisfying(list -> assertThat(list).isEmpty());
    }

    @Test
    void anAlertsKeyIsShownOnceReplacedByANewOneAndRemoved() {
        assertThat(alerts.alertsKey(root).enabled()).isFalse();
        String first = alerts.newAlertsKey(root).key();
        assertThat(first).matches("[0-9a-f]{96}");
        assertThat(alerts.alertsKey(root)).satisfies(state -> {
            assertThat(state.enabled()).isTrue();
            assertThat(state.key()).as("never shown again").isNull();
            assertThat(state.created()).isEqualTo(clock.instant());
        });
        long clearKeys = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM alerts_key WHERE key_hash = ?",
                first));
        assertThat(clearKeys).as("stored hashed").isZero();
        raise("policy:1", "web");
        assertThat(alerts.pull(first, "a")).hasValueSatisfying(list -> assertThat(list).hasSize(1));

        String second = alerts.newAlertsKey(root).key();
        assertThat(alerts.pull(first, "a")).isEmpty();
        assertThat(alerts.pull(second, "a")).isPresent();
        String alicesKey = alerts.newAlertsKey(alice).key();
        assertThat(alerts.pull(alicesKey, "a")).as("alice's key works but shows none of root's alerts")
                .hasValueSatisfying(list -> assertThat(list).isEmpty());

        alerts.removeAlertsKey(root);
        assertThat(alerts.pull(second, "a")).isEmpty();
        assertThat(alerts.pull("", "a")).isEmpty();
        assertThat(alerts.pull(null, "a")).isEmpty();
        assertThat(alerts.alertsKey(root).enabled()).isFalse();
    }

    @Test
    void anAlertBelongsToItsPolicysOwnerAndReachesItsManagerButNeverRootOrAnotherUser() {
        long carolId = store.users().insert("carol", "x", UserType.MANAGED, alice.user().id(), null);
        Caller carol = Caller.of(new User(carolId, "carol", UserType.MANAGED, alice.user().id()));
        long account = store.accounts().insert(carolId, new io.haven.api.model.Account(0, "carol-acc",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                clock.instant()), null).id();
        long policy = store.policies().insert(carolId, new io.haven.api.model.PolicySpec("carol-web", account, null,
                true, 3, java.util.List.of(), 0, 0));
        Alert carols = store.alerts().raise(new Raise("policy:" + policy, AlertCategory.BACKUP, AlertSeverity.ERROR,
                policy, "carol-web", null, null, "failed"), clock.instant()).alert();
        long roots = store.alerts().raise(new Raise("storage", AlertCategory.STORAGE, AlertSeverity.WARNING, null, null,
                null, null, "storage is nearly full"), clock.instant()).alert().id();

        assertThat(alerts.list(carol, 10)).extracting(Alert::id).containsExactly(carols.id());
        assertThat(alerts.list(alice, 10)).extracting(Alert::id).containsExactly(carols.id());
        assertThat(alerts.list(root, 10)).extracting(Alert::id).containsExactly(roots);
        assertThatThrownBy(() -> alerts.acknowledge(root, carols.id())).isInstanceOf(NotFoundException.class);
        String alicesKey = alerts.newAlertsKey(alice).key();
        assertThat(alerts.pull(alicesKey, "10.0.0.1")).hasValueSatisfying(list ->
                assertThat(list).extracting(Alert::id).containsExactly(carols.id()));

        AlertVisibility visibility = new AlertVisibility(store);
        assertThat(visibility.reaches(carol.user(), carols, false)).isTrue();
        assertThat(visibility.reaches(alice.user(), carols, false)).as("only when asked for managed users' alerts")
                .isFalse();
        assertThat(visibility.reaches(alice.user(), carols, true)).isTrue();
        assertThat(visibility.reaches(root.user(), carols, true)).as("root manages Alice, not her world").isFalse();
    }

    private long raise(String issue, String policy) {
        return store.alerts().raise(new Raise(issue, AlertCategory.BACKUP, AlertSeverity.ERROR, 1L, policy, 1L,
                "Policy " + policy + " Backup Failure", "failed"), clock.instant()).alert().id();
    }
}
