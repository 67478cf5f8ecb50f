package io.haven.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.Account;
import io.haven.api.model.Alert;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.service.ValidationException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.TargetSpec;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupEngine;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.core.script.BackupScripts;
import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource limits per user (guide 16.2, decision 0026), enforced in core when accounts and targets are added and when
 * a backup runs, with the categories and sizes that the (fake) types declare.
 */
class ResourceLimitsTest {

    private static final String REGION = "us-east-1";

    private final SizedFakeType volumes = new SizedFakeType("fake-ebs", LimitCategory.EBS_GIB);
    private final SizedFakeType instances = new SizedFakeType("fake-instance", LimitCategory.INSTANCES);
    private final SizedFakeType uncounted = new SizedFakeType("fake-plain", null);
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ExecutorService runs = Executors.newCachedThreadPool();
    private final HavenStore store = TestStores.fresh();
    private PolicyServiceImpl policies;
    private BackupEngine engine;
    @TempDir
    Path scripts;

    @BeforeEach
    void setUp() {
        types.addTargetType(volumes);
        types.addTargetType(instances);
        types.addTargetType(uncounted);
        volumes.with("vol-a", 700).with("vol-b", 500).with("vol-c", 500).with("vol-d", 300).with("vol-x", -1);
        instances.with("i-1", 8).with("i-2", 8).with("i-3", 8);
        uncounted.with("p-1", 5000);
        engine = new BackupEngine(store, types, (account, region) -> TestStores.context(region), executor, runs,
                Clock.systemUTC(), new BackupScripts(scripts, Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(20)));
        BackupHousekeeper housekeeper = new BackupHousekeeper() {
            @Override
            public void deleteNow(Backup backup) {
            }

            @Override
            public void deleteOrphansSoon() {
            }
        };
        policies = new PolicyServiceImpl(store, types, (account, region) -> TestStores.context(region), engine::start,
                () -> { }, housekeeper);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        runs.shutdownNow();
    }

    @Test
    void anAccountBeyondMaxAccountsIsRefusedNamingTheLimit() {
        Caller ann = user("ann", new ResourceLimits(1L, null, null, null, null, null));
        ResourceLimitRules.checkNewAccount(store, ann.user().id());
        account(ann);

        assertThatThrownBy(() -> ResourceLimitRules.checkNewAccount(store, ann.user().id()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxAccounts"))
                .hasMessage("limit maxAccounts: 1 accounts + 1 added > 1");
        // root's accounts and unlimited users are not held back
        Caller bob = user("bob", ResourceLimits.UNLIMITED);
        account(bob);
        account(bob);
        ResourceLimitRules.checkNewAccount(store, bob.user().id());
        ResourceLimitRules.checkNewAccount(store, TestStores.ROOT.user().id());
    }

    @Test
    void aSingleTargetOverMaxInstancesIsRefusedWithTheUseTheAdditionAndTheMaximum() {
        Caller ann = user("ann", new ResourceLimits(null, 2L, null, null, null, null));
        Policy policy = policy(ann, "web");
        policies.addTarget(ann, policy.id(), target(instances, "i-1"));
        policies.addTarget(ann, policy.id(), target(instances, "i-2"));

        assertThatThrownBy(() -> policies.addTarget(ann, policy.id(), target(instances, "i-3")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxInstances"))
                .hasMessage("limit maxInstances: 2 protected + 1 added > 2");
        assertThat(policies.targets(ann, policy.id())).hasSize(2);
        // volumes and types that count toward no limit are not instances
        policies.addTarget(ann, policy.id(), target(volumes, "vol-a"));
        policies.addTarget(ann, policy.id(), target(uncounted, "p-1"));
    }

    @Test
    void aBatchOverMaxEbsGiBIsRefusedWholeWithTheMessageInGiB() {
        Caller ann = user("ann", new ResourceLimits(null, null, 1500L, null, null, null));
        long account = account(ann);
        Policy first = policy(ann, "first", account);
        Policy second = policy(ann, "second", account);
        policies.addTargets(ann, first.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-b")));

        assertThatThrownBy(() -> policies.addTargets(ann, second.id(), List.of(target(instances, "i-1"),
                target(volumes, "vol-c"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxEbsGiB"))
                .hasMessage("limit maxEbsGiB: 1,200 GiB protected + 500 GiB added > 1,500 GiB");
        assertThat(policies.targets(ann, second.id())).isEmpty();

        // a resource the user protects already is not added again: vol-a in a second policy costs nothing
        policies.addTargets(ann, second.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-d")));
        assertThat(policies.targets(ann, second.id())).hasSize(2);
        assertThatThrownBy(() -> policies.addTarget(ann, second.id(), target(volumes, "vol-c")))
                .hasMessage("limit maxEbsGiB: 1,500 GiB protected + 500 GiB added > 1,500 GiB");
    }

    @Test
    void aResourceWhoseSizeIsNotReportedIsRefusedOnlyWhereALimitMustJudgeIt() {
        Caller limited = user("ann", new ResourceLimits(null, null, 1500L, null, null, null));
        Policy policy = policy(limited, "web");
        assertThatThrownBy(() -> policies.addTarget(limited, policy.id(), target(volumes, "vol-x")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxEbsGiB"))
                .hasMessageContaining("the size of fake-ebs vol-x in us-east-1 is not known");

        Caller free = user("bob", new ResourceLimits(null, 5L, null, null, null, null));
        Policy other = policy(free, "other");
        assertThat(policies.addTarget(free, other.id(), target(volumes, "vol-x")).spec().resourceId()).isEqualTo("vol-x");
    }

    @Test
    void eachUserIsJudgedByItsOwnProtectedResourcesAndAZeroLimitAllowsNone() {
        Caller ann = user("ann", new ResourceLimits(null, 1L, null, null, null, null));
        Caller cy = user("cy", new ResourceLimits(null, 0L, null, null, null, null));
        policies.addTarget(ann, policy(ann, "ann-web").id(), target(instances, "i-1"));
        policies.addTarget(TestStores.ROOT, policyOfRoot("root-web").id(), target(instances, "i-2"));

        Policy cyPolicy = policy(cy, "cy-web");
        assertThatThrownBy(() -> policies.addTarget(cy, cyPolicy.id(), target(instances, "i-2")))
                .hasMessage("limit maxInstances: 0 protected + 1 added > 0");
        assertThat(store.policies().protectedBy(ann.user().id())).singleElement()
                .satisfies(t -> assertThat(t.limitUse()).isEqualTo(1L));
    }

    @Test
    void aBackupSkipsTheTargetsThatNoLongerFitALoweredLimitOldestKeptFirstWithALogLineAndAnAlert() {
        Caller ann = user("ann", new ResourceLimits(null, null, 1500L, null, null, null));
        Policy policy = policy(ann, "web");
        policies.addTargets(ann, policy.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-b"),
                target(volumes, "vol-d")));
        store.users().updateLimits(ann.user().id(), new ResourceLimits(null, null, 1000L, null, null, null));

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).extracting(a -> a.targetResourceId())
                .containsExactlyInAnyOrder("vol-a", "vol-d");
        assertThat(store.backups().runTargets(id)).filteredOn(t -> t.resourceId().equals("vol-b")).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(BackupRepository.TARGET_SKIPPED));
        assertThat(messages(id)).contains("Skipped fake-ebs vol-b in us-east-1: over the user's resource limit, "
                + "limit maxEbsGiB: 700 GiB protected within the limit + 500 GiB of fake-ebs vol-b in us-east-1 > 1,000 GiB");
        assertThat(currentAlerts()).singleElement().satisfies(alert -> {
            assertThat(alert.title()).isEqualTo("Policy web over resource limits");
            assertThat(alert.message()).contains("vol-b").contains("limit maxEbsGiB");
        });

        // the limit raised again: the next run backs up everything and clears the alert
        store.users().updateLimits(ann.user().id(), ResourceLimits.UNLIMITED);
        long next = engine.start(policy, BackupTrigger.MANUAL, 1);
        assertThat(awaitEnd(next).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(currentAlerts()).isEmpty();
    }

    @Test
    void aRunResumedAfterARestartJudgesTheTargetsItHadNotBegunAgainstTheLimitsOfNow() {
        Caller ann = user("ann", new ResourceLimits(null, null, 1500L, null, null, null));
        Policy policy = policy(ann, "web");
        policies.addTargets(ann, policy.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-b"),
                target(volumes, "vol-d")));
        // Haven stopped right after the run began; root lowered the limit meanwhile.
        long id = store.backups().start(policy.id(), policy.spec().accountId(), "web", BackupTrigger.MANUAL, 1,
                java.time.Instant.now()).orElseThrow();
        store.users().updateLimits(ann.user().id(), new ResourceLimits(null, null, 1000L, null, null, null));

        engine.reconcile();

        Backup backup = awaitEnd(id);
        assertThat(backup.status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).extracting(a -> a.targetResourceId())
                .containsExactlyInAnyOrder("vol-a", "vol-d");
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Skipped fake-ebs vol-b in us-east-1: over the user's "
                + "resource limit"));
        assertThat(currentAlerts()).singleElement().satisfies(alert -> assertThat(alert.message()).contains("vol-b"));
    }

    @Test
    void aVolumeThatGrewIsMeasuredAtBackupTimeAndRecorded() {
        Caller ann = user("ann", new ResourceLimits(null, null, 1000L, null, null, null));
        Policy policy = policy(ann, "web");
        policies.addTargets(ann, policy.id(), List.of(target(volumes, "vol-d"), target(volumes, "vol-b")));
        volumes.with("vol-b", 900);

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(store.backups().artifacts(id)).extracting(a -> a.targetResourceId()).containsExactly("vol-d");
        assertThat(messages(id)).anyMatch(m -> m.contains("Skipped fake-ebs vol-b")
                && m.contains("300 GiB protected within the limit + 900 GiB of fake-ebs vol-b in us-east-1 > 1,000 GiB"));
        assertThat(store.policies().protectedBy(ann.user().id())).extracting(t -> t.resourceId() + "=" + t.limitUse())
                .containsExactly("vol-d=300", "vol-b=900");
    }

    @Test
    void aBackupOfAnUnlimitedUserAsksAwsNothingMore() {
        Caller ann = user("ann", ResourceLimits.UNLIMITED);
        Policy policy = policy(ann, "web");
        policies.addTargets(ann, policy.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-b")));
        int finds = volumes.finds.get();

        assertThat(awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(volumes.finds.get()).isEqualTo(finds);
        assertThat(volumes.discovers.get()).isZero();
    }

    @Test
    void aBackupMeasuresManyTargetsOfATypeWithOneDiscover() {
        Caller ann = user("ann", new ResourceLimits(null, null, 100_000L, null, null, null));
        Policy policy = policy(ann, "many");
        List<TargetSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i <= ResourceLimitRules.FIND_ONE_BY_ONE; i++) {
            volumes.with("vol-m" + i, 10);
            many.add(target(volumes, "vol-m" + i));
        }
        policies.addTargets(ann, policy.id(), many);
        int finds = volumes.finds.get();

        assertThat(awaitEnd(engine.start(policy, BackupTrigger.MANUAL, 1)).status()).isEqualTo(BackupStatus.SUCCESSFUL);
        assertThat(volumes.discovers.get()).isEqualTo(1);
        assertThat(volumes.finds.get()).isEqualTo(finds);
    }

    @Test
    void aBackupSkipsATargetWhoseSizeCannotBeKnownUnderALimit() {
        Caller ann = user("ann", ResourceLimits.UNLIMITED);
        Policy policy = policy(ann, "web");
        policies.addTargets(ann, policy.id(), List.of(target(volumes, "vol-a"), target(volumes, "vol-x")));
        store.users().updateLimits(ann.user().id(), new ResourceLimits(null, null, 5000L, null, null, null));

        long id = engine.start(policy, BackupTrigger.MANUAL, 1);

        assertThat(awaitEnd(id).status()).isEqualTo(BackupStatus.PARTIALLY_SUCCESSFUL);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("Skipped fake-ebs vol-x")
                && m.contains("the size of fake-ebs vol-x in us-east-1 is not known"));
    }

    private Caller user(String name, ResourceLimits limits) {
        long id = store.users().insert(name, "$argon2id$unused", UserType.INDEPENDENT, null, null, limits);
        return Caller.of(new User(id, name, UserType.INDEPENDENT, null));
    }

    private long account(Caller owner) {
        return store.accounts().insert(owner.user().id(), new Account(0, "acc-" + UUID.randomUUID(),
                AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null, Instant.now()), null).id();
    }

    private Policy policy(Caller owner, String name) {
        return policy(owner, name, account(owner));
    }

    private Policy policy(Caller owner, String name, long accountId) {
        return policies.create(owner, new PolicySpec(name, accountId, null, true, 3, List.of(), 0, 0));
    }

    private Policy policyOfRoot(String name) {
        return policy(TestStores.ROOT, name);
    }

    private static TargetSpec target(SizedFakeType type, String resourceId) {
        return new TargetSpec(type.id(), REGION, resourceId, Map.of());
    }

    private Backup awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.backups().get(id).orElseThrow().status() != BackupStatus.IN_PROGRESS);
        return store.backups().get(id).orElseThrow();
    }

    private List<String> messages(long id) {
        return store.backups().logEntries(id).stream().map(LogEntry::message).toList();
    }

    /** The current alerts about resource limits (a partial run may raise its policy's failure alert too). */
    private List<Alert> currentAlerts() {
        return store.alerts().list(50).stream().filter(a -> a.cleared() == null)
                .filter(a -> a.title().contains("resource limits")).toList();
    }
}
