package io.haven.core.tags;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.TagScanEntry.Kind;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.ValidationException;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Root's control of tag scanning (guide 13): settings, scan now, the last logs, when the next automatic scan is due. */
class TagScanServiceImplTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final TagScannerTest.TaggedType type = new TagScannerTest.TaggedType();
    private HavenStore store;
    private TagScanServiceImpl service;
    private Caller bob;
    private Account scanned;
    private Account notScanned;

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(type);
        long bobId = store.users().insert("bob", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        bob = Caller.of(new User(bobId, "bob", UserType.INDEPENDENT, null));
        scanned = store.accounts().insert(bobId, account("scanned"), null);
        notScanned = store.accounts().insert(bobId, account("not-scanned"), null);
        store.accounts().setScanResources(scanned.id(), true);
        PolicyServiceImpl policies = new PolicyServiceImpl(store, types, (a, r) -> TestStores.context(r), null, () -> { },
                new BackupHousekeeper() {
                    @Override
                    public void deleteNow(io.haven.api.model.Backup backup) {
                    }

                    @Override
                    public void deleteOrphansSoon() {
                    }
                });
        policies.create(bob, new PolicySpec("web", scanned.id(), null, true, 3, List.of(), 1, 0));
        service = new TagScanServiceImpl(store, new TagScanner(store, types, (a, r) -> TestStores.context(r), policies,
                accountId -> List.of("us-east-1"), Clock.systemUTC()), Clock.systemUTC(), timer);
    }

    @AfterEach
    void tearDown() {
        service.stop();
    }

    private static Account account(String name) {
        return new Account(0, name, AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                Instant.now());
    }

    @Test
    void onlyRootControlsScanning() {
        assertThatThrownBy(() -> service.scanNow(bob)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.settings(bob)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.updateSettings(bob, new TagScanSettings(true, 1)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.lastScans(bob)).isInstanceOf(ForbiddenException.class);
        assertThat(service.settings(ROOT)).isEqualTo(new TagScanSettings(false, 24));
    }

    @Test
    void settingsAreCheckedAndKept() {
        assertThatThrownBy(() -> service.updateSettings(ROOT, new TagScanSettings(true, 0)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("intervalHours"));
        assertThatThrownBy(() -> service.updateSettings(ROOT, new TagScanSettings(true, 721)))
                .isInstanceOf(ValidationException.class);
        assertThat(service.settings(ROOT)).isEqualTo(new TagScanSettings(false, 24));

        assertThat(service.updateSettings(ROOT, new TagScanSettings(false, 6))).isEqualTo(new TagScanSettings(false, 6));
        assertThat(store.tagScans().settings()).isEqualTo(new TagScanSettings(false, 6));
    }

    @Test
    void scanNowWorksWhileScanningIsOffAndCoversOnlyAccountsWithScanResources() {
        type.tag("us-east-1", "vol-1", "web");

        List<TagScanLog> logs = service.scanNow(ROOT);

        assertThat(logs).extracting(TagScanLog::accountName).containsExactly("scanned");
        assertThat(logs.get(0).entries()).extracting(e -> e.kind()).containsExactly(Kind.ADDED);
        // The log is kept: the last scan per account, read back from the store.
        assertThat(service.lastScans(ROOT)).isEqualTo(logs);
        assertThat(store.accounts().get(notScanned.id()).orElseThrow().account().scanResources()).isFalse();

        // A second scan replaces the account's log.
        List<TagScanLog> again = service.scanNow(ROOT);
        assertThat(again.get(0).entries()).isEmpty();
        assertThat(service.lastScans(ROOT)).isEqualTo(again);
    }

    /** Guide 15.1: scan errors raise an alert, the account owner's, which a clean scan clears. */
    @Test
    void aScanWithProblemsRaisesTheOwnersAlertAndACleanScanClearsIt() {
        type.tag("us-east-1", "vol-bad", "web#");
        type.tag("us-east-1", "vol-ok", "web");

        service.scanNow(ROOT);

        var current = store.alerts().list(io.haven.store.AlertScope.owners(java.util.Set.of(bob.user().id())), true, 10);
        assertThat(current).singleElement().satisfies(alert -> {
            assertThat(alert.category()).isEqualTo(io.haven.api.model.AlertCategory.SCAN);
            assertThat(alert.severity()).isEqualTo(io.haven.api.model.AlertSeverity.ERROR);
            assertThat(alert.title()).isEqualTo("Tag scan of account scanned found problems");
            assertThat(alert.message()).contains("1 errors and 0 warnings").contains("vol-bad (tag 'web#')");
        });
        assertThat(store.alerts().list(io.haven.store.AlertScope.owners(java.util.Set.of(ROOT.user().id())), true, 10))
                .as("not root's: the account is Bob's").isEmpty();

        // Scanned again with the same problem: still one alert.
        service.scanNow(ROOT);
        assertThat(store.alerts().list(io.haven.store.AlertScope.owners(java.util.Set.of(bob.user().id())), true, 10))
                .hasSize(1);

        type.tagged.get("us-east-1").removeIf(r -> r.id().equals("vol-bad"));
        service.scanNow(ROOT);

        assertThat(store.alerts().list(io.haven.store.AlertScope.owners(java.util.Set.of(bob.user().id())), true, 10))
                .isEmpty();
    }

    @Test
    void turningScanningOnScansAtOnceWhenNoScanRanAndPlansTheNextOneIntervalLater() {
        type.tag("us-east-1", "vol-1", "web");
        assertThat(service.lastScans(ROOT)).isEmpty();

        service.updateSettings(ROOT, new TagScanSettings(true, 24));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !service.lastScans(ROOT).isEmpty());
        assertThat(service.lastScans(ROOT).get(0).entries()).extracting(e -> e.kind()).containsExactly(Kind.ADDED);
        // The scan plans the next one once it has ended.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> service.nextScanDelay()
                .filter(d -> d.compareTo(Duration.ofHours(23)) > 0 && d.compareTo(Duration.ofHours(24)) <= 0).isPresent());

        service.updateSettings(ROOT, new TagScanSettings(false, 24));
        assertThat(service.nextScanDelay()).isEmpty();
    }

    @Test
    void theNextAutomaticScanIsDueOneIntervalAfterTheLast() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(TagScanServiceImpl.delayUntilDue(null, 6, now)).isEqualTo(Duration.ZERO);
        assertThat(TagScanServiceImpl.delayUntilDue(now.minus(Duration.ofHours(2)), 6, now)).isEqualTo(Duration.ofHours(4));
        assertThat(TagScanServiceImpl.delayUntilDue(now.minus(Duration.ofHours(7)), 6, now)).isEqualTo(Duration.ZERO);
    }
}
