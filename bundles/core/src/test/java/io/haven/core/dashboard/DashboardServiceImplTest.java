package io.haven.core.dashboard;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.Dashboard;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.target.TargetSpec;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.backup.AlertServiceImpl;
import io.haven.store.AlertRepository.Raise;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardServiceImplTest {

    private final HavenStore store = TestStores.fresh();
    // Policies are stamped with the real time when made; the dashboard's clock starts there
    private final Instant made = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(made);
    private final DashboardServiceImpl dashboards = new DashboardServiceImpl(store, new AlertServiceImpl(store, clock),
            ZoneOffset.UTC, clock);

    private final long account = TestStores.account(store);
    private final long hourly = store.schedules().insert(new ScheduleSpec("hourly", null, 1, Frequency.HOURS,
            made.minus(Duration.ofHours(10)).truncatedTo(ChronoUnit.HOURS), null, Set.of(), List.of()));
    private final long web = policy("web", true, "vol-1", "vol-2");
    private final long db = policy("db", true, "vol-2");
    private final long paused = policy("paused", false, "vol-3");

    private long policy(String name, boolean enabled, String... volumes) {
        long id = store.policies().insert(new PolicySpec(name, account, null, enabled, 3, List.of(hourly), 0, 0));
        for (String volume : volumes) {
            store.policies().addTarget(id, new TargetSpec("ebs-volume", "us-east-1", volume, Map.of()));
        }
        return id;
    }

    private void succeeded(long policyId, String name, Instant started) {
        long id = store.backups().start(policyId, account, name, BackupTrigger.MANUAL, 1, started).orElseThrow();
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", started.plusSeconds(60));
    }

    @Test
    void countsEachProtectedResourceOnceAndTheLastDayByStatus() {
        clock.advance(Duration.ofMinutes(20));
        succeeded(web, "web", clock.instant().minus(Duration.ofMinutes(10)));
        long runningId = store.backups().start(db, account, "db", BackupTrigger.MANUAL, 1, clock.instant()).orElseThrow();
        store.alerts().raise(new Raise("policy:" + db, AlertCategory.BACKUP, AlertSeverity.ERROR, db, "db", null,
                "Policy db Backup Failure", "it failed"), clock.instant());

        Dashboard dashboard = dashboards.dashboard(ROOT);

        assertThat(dashboard.protectedResources()).singleElement().satisfies(count -> {
            assertThat(count.typeId()).isEqualTo("ebs-volume");
            assertThat(count.accountId()).isEqualTo(account);
            assertThat(count.resources()).isEqualTo(3); // vol-2 is in two policies, vol-3's policy is paused but holds it
        });
        assertThat(dashboard.lastDay()).isEqualTo(Map.of(BackupStatus.SUCCESSFUL, 1L, BackupStatus.IN_PROGRESS, 1L));
        assertThat(dashboard.running()).extracting(b -> b.id()).containsExactly(runningId);
        assertThat(dashboard.openAlerts()).isEqualTo(1);
        assertThat(dashboard.inDr()).isEmpty();
    }

    /** DR progress (issue 11): backups whose copies are under way, in the caller's world only. */
    @Test
    void backupsWhoseDrIsUnderWayAreShown() {
        long copying = store.backups().start(web, account, "web", BackupTrigger.MANUAL, 1, clock.instant()).orElseThrow();
        store.backups().finish(copying, BackupStatus.SUCCESSFUL, "ok", clock.instant());
        store.backups().setDrStatus(copying, io.haven.api.model.DrStatus.IN_PROGRESS, clock.instant().plusSeconds(3600));
        long done = store.backups().start(db, account, "db", BackupTrigger.MANUAL, 1, clock.instant()).orElseThrow();
        store.backups().finish(done, BackupStatus.SUCCESSFUL, "ok", clock.instant());
        store.backups().setDrStatus(done, io.haven.api.model.DrStatus.COMPLETED, null);

        assertThat(dashboards.dashboard(ROOT).inDr()).extracting(b -> b.id()).containsExactly(copying);
        long daveId = store.users().insert("dave", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        assertThat(dashboards.dashboard(Caller.of(new User(daveId, "dave", UserType.INDEPENDENT, null))).inDr()).isEmpty();
    }

    @Test
    void aPolicyIsAtRiskWhenARunWasDueAfterItsLastGoodBackupMoreThanTheGraceAgo() {
        clock.advance(Duration.ofHours(3));
        succeeded(db, "db", clock.instant().minus(Duration.ofMinutes(30)));

        List<Dashboard.RpoAtRisk> atRisk = dashboards.dashboard(ROOT).atRisk();

        // web never succeeded: its first run after it was made is over two hours late; db's last good backup
        // is half an hour old; the paused policy is nobody's concern
        assertThat(atRisk).singleElement().satisfies(risk -> {
            assertThat(risk.policyName()).isEqualTo("web");
            assertThat(risk.lastGoodBackup()).isNull();
            assertThat(risk.missedRun()).isEqualTo(made.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
            assertThat(risk.targets()).isEqualTo(2);
        });

        clock.advance(Duration.ofMinutes(95));
        assertThat(dashboards.dashboard(ROOT).atRisk()).extracting(Dashboard.RpoAtRisk::policyName)
                .containsExactlyInAnyOrder("web", "db");
    }

    @Test
    void aNodeInRecoveryOnlyModeSaysSo() {
        assertThat(dashboards.dashboard(ROOT).recoveryOnly()).isFalse();
        DashboardServiceImpl recoveryNode = new DashboardServiceImpl(store, new AlertServiceImpl(store, clock),
                ZoneOffset.UTC, clock, true);
        assertThat(recoveryNode.dashboard(ROOT).recoveryOnly()).isTrue();
    }

    @Test
    void anotherWorldSeesNoneOfIt() {
        long daveId = store.users().insert("dave", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        Caller dave = Caller.of(new User(daveId, "dave", UserType.INDEPENDENT, null));
        clock.advance(Duration.ofHours(3));

        Dashboard dashboard = dashboards.dashboard(dave);

        assertThat(dashboard.protectedResources()).isEmpty();
        assertThat(dashboard.atRisk()).isEmpty();
        assertThat(dashboard.lastDay()).isEmpty();
        assertThat(dashboards.dashboard(ROOT).atRisk()).isNotEmpty();
    }
}
