package io.haven.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Delivery;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.target.TargetSpec;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.security.SecretCipher;
import io.haven.store.AlertRepository.Raise;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily summary's content and timing (guide 15.5), with the clock in the test's hand. */
class DailySummaryTest {

    @TempDir
    Path keys;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-28T05:30:00Z"));
    private final ZoneId berlin = ZoneId.of("Europe/Berlin");
    private HavenStore store;
    private DailySummary summary;
    private User root;

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        // The queue's executor never runs here: what is queued stays in the table to be read.
        Deliveries deliveries = new Deliveries(store, type -> Optional.empty(), new SecretCipher(keys.resolve("k")),
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(() -> { })), clock, Deliveries.Retry.DEFAULT);
        summary = new DailySummary(store, deliveries, clock, berlin, LocalTime.of(7, 30));
        root = TestStores.ROOT.user();
    }

    @Test
    void itListsCurrentAlertsAndThePoliciesThatDoNothing() {
        long account = TestStores.account(store);
        long scheduleId = store.schedules().insert(new io.haven.api.model.ScheduleSpec("nightly", null,
                1, io.haven.api.model.Frequency.DAYS, Instant.parse("2026-01-01T01:00:00Z"), null, java.util.Set.of(),
                List.of()));
        long busy = store.policies().insert(new PolicySpec("busy", account, null, true, 3, List.of(scheduleId), 0, 0));
        store.policies().addTarget(busy, new TargetSpec("ebs-volume", "us-east-1", "vol-1", Map.of()));
        store.policies().insert(new PolicySpec("paused", account, null, false, 3, List.of(scheduleId), 0, 0));
        store.policies().insert(new PolicySpec("unscheduled", account, null, true, 3, List.of(), 0, 0));
        store.alerts().raise(new Raise("policy:" + busy, AlertCategory.BACKUP, AlertSeverity.ERROR, busy, "busy", 4L,
                "Policy busy Backup Failure", "backup 4 failed"), Instant.parse("2026-03-27T22:00:00Z"));
        store.alerts().raise(new Raise("policy:99", AlertCategory.BACKUP, AlertSeverity.ERROR, 99L, "old", 1L,
                "Policy old Backup Failure", "gone"), Instant.parse("2026-03-27T21:00:00Z"));
        store.alerts().clear("policy:99", Instant.parse("2026-03-27T23:00:00Z"));

        String text = summary.text(root);

        assertThat(text).contains("Current alerts (1):\n- [E] Backup: Policy busy Backup Failure (since 2026-03-27 22:00:00 UTC")
                .contains("  backup 4 failed").doesNotContain("Policy old");
        assertThat(text).contains("Disabled policies: 1\n- paused\n");
        assertThat(text).contains("Policies without a schedule: 1\n- unscheduled\n");
        assertThat(text).contains("Policies without targets: 2\n- paused\n- unscheduled\n");
        assertThat(summary.subject(root)).isEqualTo("Haven daily summary for root, 2026-03-28");
    }

    @Test
    void withNothingToReportItStillSaysSo() {
        assertThat(summary.text(root)).startsWith("No current alerts.\n").contains("Disabled policies: none");
        User alice = new User(store.users().insert("alice", "x", false), "alice", UserType.INDEPENDENT, null);
        store.alerts().raise(new Raise("storage", AlertCategory.STORAGE, AlertSeverity.WARNING, null, null, null,
                "Protected storage near its limit", "120 of 100"), clock.instant());
        assertThat(summary.text(alice)).as("root's alerts are not alice's").startsWith("No current alerts.");
    }

    /** Guide 13 / 15.5: new scan results of the last day, for the accounts the user sees, problems first. */
    @Test
    void itListsTheTagScansOfTheLastDayOfTheUsersAccounts() {
        assertThat(summary.text(root)).contains("Tag scans in the last day: none\n");
        long alice = store.users().insert("alice", "x", UserType.INDEPENDENT, null, null);
        long mine = store.accounts().insert(new io.haven.api.model.Account(0, "prod", io.haven.api.model.AuthMethod.INSTANCE_ROLE,
                "123456789012", null, null, null, null, null, null, clock.instant()), null).id();
        long hers = store.accounts().insert(alice, new io.haven.api.model.Account(0, "hers",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                clock.instant()), null).id();
        long old = TestStores.account(store);
        var added = new TagScanEntry(TagScanEntry.Kind.ADDED, "ebs-volume", "us-east-1", "vol-1", "web", "web",
                "Added to policy 'web'");
        var error = new TagScanEntry(TagScanEntry.Kind.ERROR, "ebs-volume", "us-east-1", "vol-2", null, "web#",
                "'web#' has an empty backup option after '#'");
        store.tagScans().saveLast(new TagScanLog(mine, "prod", clock.instant().minusSeconds(3600),
                clock.instant().minusSeconds(3590), 2, List.of(added, error)));
        store.tagScans().saveLast(new TagScanLog(hers, "hers", clock.instant().minusSeconds(3600),
                clock.instant().minusSeconds(3590), 1, List.of(added)));
        store.tagScans().saveLast(new TagScanLog(old, "old", clock.instant().minus(Duration.ofDays(2)),
                clock.instant().minus(Duration.ofDays(2)), 1, List.of(added)));

        String text = summary.text(root);

        assertThat(text).contains("Tag scans in the last day: 1\n- prod at 2026-03-28 04:30:10 UTC: 2 tagged; 1 added, "
                + "0 removed, 0 policies created, 0 warnings, 1 errors\n  ERROR vol-2 (tag 'web#') 'web#' has an empty "
                + "backup option after '#'\n  ADDED vol-1 (tag 'web') Added to policy 'web'\n");
        assertThat(text).as("another world's account, and a scan older than a day").doesNotContain("hers").doesNotContain("old at");
        assertThat(summary.text(new User(alice, "alice", UserType.INDEPENDENT, null))).contains("- hers at");
    }

    @Test
    void itIsDueAtTheChosenLocalTimeAcrossTheChangeToSummerTime() {
        // 05:30 UTC on 28 March is 06:30 in Berlin: due in an hour.
        assertThat(summary.untilNext()).isEqualTo(Duration.ofHours(1));
        // Just after 07:30 local, the next is tomorrow 07:30, which is summer time (UTC+2): 23 hours on.
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(summary.untilNext()).isEqualTo(Duration.ofHours(23).minusMinutes(1));
    }

    @Test
    void itIsQueuedOnlyToNotifiersThatCarryTheSummary() {
        long daily = store.notifiers().insert(root.id(), "daily", "webhook", false, true, Map.of(), clock.instant());
        long alertsOnly = store.notifiers().insert(root.id(), "ops", "webhook", true, false, Map.of(), clock.instant());

        assertThat(summary.send()).isEqualTo(1);

        assertThat(store.notifiers().deliveries(daily, 10)).singleElement().satisfies(d ->
                assertThat(d.kind()).isEqualTo(Delivery.Kind.DAILY_SUMMARY));
        assertThat(store.notifiers().delivery(store.notifiers().deliveries(daily, 10).get(0).id()).orElseThrow().body())
                .startsWith("No current alerts.");
        assertThat(store.notifiers().deliveries(alertsOnly, 10)).isEmpty();
    }

    @Test
    void aBadTimeFallsBackToSevenOClock() {
        assertThat(DailySummary.timeOf("7.30pm")).isEqualTo(LocalTime.of(7, 0));
        assertThat(DailySummary.timeOf(" 18:45 ")).isEqualTo(LocalTime.of(18, 45));
    }
}
