package io.haven.core.policy;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.HavenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyServiceImplTest {

    private final FakeTargetType fake = new FakeTargetType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final AtomicInteger replans = new AtomicInteger();
    private final AtomicInteger orphanSweeps = new AtomicInteger();
    private final BackupHousekeeper housekeeper = new BackupHousekeeper() {
        @Override
        public void deleteNow(Backup backup) {
        }

        @Override
        public void deleteOrphansSoon() {
            orphanSweeps.incrementAndGet();
        }
    };
    private HavenStore store;
    private PolicyServiceImpl policies;
    private long accountId;

    @BeforeEach
    void setUp() {
        types.addTargetType(fake);
        store = TestStores.fresh();
        accountId = TestStores.account(store);
        policies = new PolicyServiceImpl(store, types, (account, region) -> TestStores.context(region), null,
                replans::incrementAndGet, housekeeper);
    }

    @Test
    void createsAPolicyWithDefaultsAndWakesTheScheduler() {
        var policy = policies.create(ROOT, spec("web", 3));
        assertThat(policy.id()).isPositive();
        assertThat(policy.spec().retries()).isEqualTo(3);
        assertThat(policies.find(ROOT, "web")).isEqualTo(policy);
        assertThat(policies.find(ROOT, String.valueOf(policy.id()))).isEqualTo(policy);
        assertThat(replans).hasValue(1);
    }

    @Test
    void aTargetWhoseLookUpIsSlowHoldsUpNoOtherChange() throws Exception {
        var slow = policies.create(ROOT, spec("slow", 3));
        var other = policies.create(ROOT, spec("other", 3));
        CountDownLatch lookingUp = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        fake.onFind = id -> {
            if (lookingUp.getCount() > 0) {
                lookingUp.countDown();
                await(answer);
            }
        };
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> slowAdd = background.submit(() -> policies.addTarget(ROOT, slow.id(),
                    new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of())));
            assertThat(lookingUp.await(10, TimeUnit.SECONDS)).isTrue();

            // AWS is still being asked about the first target: the other policy's target and a new policy go in.
            var added = policies.addTarget(ROOT, other.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
            policies.create(ROOT, spec("meanwhile", 1));

            assertThat(added.spec().resourceId()).isEqualTo("vol-1");
            assertThat(slowAdd.isDone()).isFalse();
            answer.countDown();
            slowAdd.get(10, TimeUnit.SECONDS);
            assertThat(policies.targets(ROOT, slow.id())).hasSize(1);
        } finally {
            answer.countDown();
            background.shutdownNow();
        }
    }

    @Test
    void aTargetAddedTwiceAtOnceIsStoredOnce() throws Exception {
        var policy = policies.create(ROOT, spec("twice", 3));
        CountDownLatch bothLookingUp = new CountDownLatch(2);
        fake.onFind = id -> {
            bothLookingUp.countDown();
            await(bothLookingUp);
        };
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> adds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                adds.add(background.submit(() -> policies.addTarget(ROOT, policy.id(),
                        new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()))));
            }
            int conflicts = 0;
            for (Future<?> add : adds) {
                try {
                    add.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(1);
            assertThat(policies.targets(ROOT, policy.id())).hasSize(1);
        } finally {
            background.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Guide 10.1: DR settings are checked in core, each error naming its field; good ones are stored. */
    @Test
    void drSettingsAreValidatedNamingTheFieldAndStored() {
        java.util.Map<String, io.haven.api.model.DrSettings> bad = new java.util.LinkedHashMap<>();
        bad.put("dr.everyBackups", new io.haven.api.model.DrSettings(true, 0, List.of("us-west-2"), 24));
        bad.put("dr.timeoutHours", new io.haven.api.model.DrSettings(true, 1, List.of("us-west-2"), 0));
        bad.put("dr.regions", new io.haven.api.model.DrSettings(true, 1, List.of(), 24));
        bad.put("dr.regions[1]", new io.haven.api.model.DrSettings(true, 1, List.of("us-west-2", "mars-1"), 24));
        bad.put("dr.regions[2]", new io.haven.api.model.DrSettings(false, 1, List.of("us-west-2", "eu-west-1",
                "us-west-2"), 24));
        bad.forEach((field, dr) -> assertThatThrownBy(() -> policies.create(ROOT, spec("dr", 1).withDr(dr)))
                .as(field).isInstanceOf(ValidationException.class).extracting("field").isEqualTo(field));
        assertThat(policies.list(ROOT)).isEmpty();

        io.haven.api.model.DrSettings good = new io.haven.api.model.DrSettings(true, 3, List.of("us-west-2", "eu-west-1"), 48);
        io.haven.api.model.Policy created = policies.create(ROOT, spec("dr", 1).withDr(good));
        assertThat(policies.get(ROOT, created.id()).spec().dr()).isEqualTo(good);
        io.haven.api.model.Policy off = policies.update(ROOT, created.id(), spec("dr", 1));
        assertThat(off.spec().dr()).isEqualTo(io.haven.api.model.DrSettings.DISABLED);
    }

    private long drAccount(String awsAccountId, boolean allowDeleting) {
        return store.accounts().insert(new io.haven.api.model.Account(0, "dr-" + awsAccountId + "-" + allowDeleting,
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, awsAccountId, null, null, null, null, null, null,
                java.time.Instant.now(), false, io.haven.api.model.AccountType.DR, allowDeleting), null).id();
    }

    private static io.haven.api.model.DrSettings crossAccount(Long account, List<String> regions, boolean keep) {
        return new io.haven.api.model.DrSettings(true, 1, regions, 24, account, keep);
    }

    /** Guide 3.2.1, 11: a DR account is a DR target only, and cross-account settings are checked in core. */
    @Test
    void crossAccountDrSettingsAreValidatedNamingTheFieldAndStored() {
        long dr = drAccount("210987654321", true);
        long sameAwsAccount = drAccount("123456789012", true);
        java.util.Map<String, io.haven.api.model.DrSettings> bad = new java.util.LinkedHashMap<>();
        bad.put("dr.account", crossAccount(accountId, List.of(), true)); // a backup account
        bad.put("dr.account ", crossAccount(9999L, List.of(), true)); // none such
        bad.put("dr.account  ", crossAccount(sameAwsAccount, List.of(), true)); // the policy's own AWS account
        bad.put("dr.keepOriginals", new io.haven.api.model.DrSettings(true, 1, List.of("us-west-2"), 24, null, false));
        bad.forEach((field, settings) -> assertThatThrownBy(() -> policies.create(ROOT, spec("x", 1).withDr(settings)))
                .as(field).isInstanceOf(ValidationException.class).extracting("field").isEqualTo(field.trim()));
        assertThat(policies.list(ROOT)).isEmpty();

        // a policy on a DR account is refused naming the account
        assertThatThrownBy(() -> policies.create(ROOT, new PolicySpec("on-dr", dr, null, true, 1, List.of(), 0, 0)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accountId");
        assertThat(policies.list(ROOT)).isEmpty();

        // with a DR account no region is needed (the backups' own), and originals may be left out
        io.haven.api.model.DrSettings good = crossAccount(dr, List.of(), false);
        io.haven.api.model.Policy created = policies.create(ROOT, spec("xacct", 1).withDr(good));
        assertThat(policies.get(ROOT, created.id()).spec().dr()).isEqualTo(good);
        io.haven.api.model.DrSettings withRegions = crossAccount(dr, List.of("us-west-2"), true);
        assertThat(policies.update(ROOT, created.id(), spec("xacct", 1).withDr(withRegions)).spec().dr())
                .isEqualTo(withRegions);
        assertThatThrownBy(() -> policies.update(ROOT, created.id(), spec("xacct", 1).withDr(
                crossAccount(accountId, List.of(), true)))).extracting("field").isEqualTo("dr.account");
        assertThat(policies.get(ROOT, created.id()).spec().dr()).isEqualTo(withRegions);
        // the DR account cannot go while a policy names it
        assertThat(store.accounts().dependents(dr)).anyMatch(d -> d.contains("xacct"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        assertThatThrownBy(() -> policies.create(ROOT, spec("neg", -1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("generations");
        assertThatThrownBy(() -> policies.create(ROOT, spec(" ", 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
        assertThatThrownBy(() -> policies.create(ROOT, new PolicySpec("x", accountId, null, true, 1, List.of(99L), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("scheduleIds[0]");
        assertThatThrownBy(() -> policies.create(ROOT, new PolicySpec("x", 12345, null, true, 1, List.of(), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accountId");
        assertThat(policies.list(ROOT)).isEmpty();
    }

    @Test
    void theAccountOfAPolicyCannotChange() {
        var policy = policies.create(ROOT, spec("fixed", 2));
        long other = TestStores.account(store);
        assertThatThrownBy(() -> policies.update(ROOT, policy.id(), new PolicySpec("fixed", other, null, true, 2, List.of(), 3, 1)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("accountId");
        assertThat(policies.get(ROOT, policy.id()).spec().accountId()).isEqualTo(accountId);
    }

    @Test
    void namesAreUnique() {
        policies.create(ROOT, spec("dup", 1));
        assertThatThrownBy(() -> policies.create(ROOT, spec("dup", 1))).isInstanceOf(ConflictException.class);
    }

    @Test
    void targetsAreCheckedAgainstInstalledTypesAndTheCloud() {
        var policy = policies.create(ROOT, spec("t", 1));
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec("nope", "us-east-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fake-volume").extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "mars-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-9", Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("resourceId");

        var target = policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        assertThat(target.available()).isTrue();
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of())))
                .isInstanceOf(ConflictException.class);

        types.removeTargetType(fake);
        assertThat(policies.targets(ROOT, policy.id())).singleElement().satisfies(t -> assertThat(t.available()).isFalse());

        policies.removeTarget(ROOT, policy.id(), target.id());
        assertThat(policies.targets(ROOT, policy.id())).isEmpty();
        assertThatThrownBy(() -> policies.removeTarget(ROOT, policy.id(), target.id())).isInstanceOf(NotFoundException.class);
    }

    /**
     * Changing a target's options: the type judges them as at add, a refusal names the option and changes nothing,
     * only those who may change the policy may change them, and the resource is not looked up again.
     */
    @Test
    void aTargetsOptionsAreChangedByTheSameRulesAsAnAdd() {
        var policy = policies.create(ROOT, spec("options", 1));
        fake.onValidate = target -> {
            String mode = target.options().get("mode");
            if (mode != null && !List.of("fast", "slow").contains(mode)) {
                throw new io.haven.api.target.InvalidTargetException("options.mode", "'mode' is fast or slow, not '"
                        + mode + "'");
            }
        };
        var target = policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1",
                Map.of("mode", "fast")));
        AtomicInteger lookUps = new AtomicInteger();
        fake.onFind = id -> lookUps.incrementAndGet();

        var changed = policies.updateTargetOptions(ROOT, policy.id(), target.id(), Map.of("mode", "slow"));
        assertThat(changed.id()).isEqualTo(target.id());
        assertThat(changed.spec()).isEqualTo(new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of("mode", "slow")));
        assertThat(policies.targets(ROOT, policy.id())).singleElement().extracting(t -> t.spec().options())
                .isEqualTo(Map.of("mode", "slow"));
        assertThat(lookUps).as("the resource is not looked up again").hasValue(0);

        // Refused by the type: named as at add, nothing changed
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, policy.id(), target.id(), Map.of("mode", "sometimes")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("sometimes")
                .extracting("field").isEqualTo("options.mode");
        java.util.Map<String, String> noValue = new java.util.HashMap<>();
        noValue.put("mode", null);
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, policy.id(), target.id(), noValue))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("options.mode");
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, policy.id(), target.id(),
                Map.of("mode", "€".repeat(PolicyServiceImpl.MAX_OPTIONS_TEXT))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("options");
        assertThat(policies.targets(ROOT, policy.id())).singleElement().extracting(t -> t.spec().options())
                .isEqualTo(Map.of("mode", "slow"));

        // Who may: a view-only delegate of root is refused, another independent user does not see the policy
        var viewer = io.haven.api.model.Caller.of(new io.haven.api.model.User(99, "root-viewer",
                io.haven.api.model.UserType.DELEGATE, null, new io.haven.api.model.Delegation(ROOT.user(),
                new io.haven.api.model.DelegatePermissions(false, false, false))));
        assertThatThrownBy(() -> policies.updateTargetOptions(viewer, policy.id(), target.id(), Map.of()))
                .isInstanceOf(io.haven.api.service.ForbiddenException.class);
        long daveId = store.users().insert("dave", "$argon2id$unused", io.haven.api.model.UserType.INDEPENDENT, null, null);
        var dave = io.haven.api.model.Caller.of(new io.haven.api.model.User(daveId, "dave",
                io.haven.api.model.UserType.INDEPENDENT, null));
        assertThatThrownBy(() -> policies.updateTargetOptions(dave, policy.id(), target.id(), Map.of()))
                .isInstanceOf(NotFoundException.class);
        // A target of another policy, or none: not found
        var other = policies.create(ROOT, spec("other-options", 1));
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, other.id(), target.id(), Map.of()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, policy.id(), target.id() + 100, Map.of()))
                .isInstanceOf(NotFoundException.class);
        assertThat(policies.targets(ROOT, policy.id())).singleElement().extracting(t -> t.spec().options())
                .isEqualTo(Map.of("mode", "slow"));

        // Without its plugin, nothing can judge the options: a conflict, nothing changed
        types.removeTargetType(fake);
        assertThatThrownBy(() -> policies.updateTargetOptions(ROOT, policy.id(), target.id(), Map.of()))
                .isInstanceOf(ConflictException.class).hasMessageContaining(fake.id());
        types.addTargetType(fake);

        // An empty map gives the type's defaults
        assertThat(policies.updateTargetOptions(ROOT, policy.id(), target.id(), Map.of()).spec().options()).isEmpty();
    }

    /** Options longer than their column failed the insert with a 500. */
    @Test
    void targetOptionsAndIdsAreLimitedToWhatTheStoreHolds() {
        var policy = policies.create(ROOT, spec("limits", 1));
        String text = "€".repeat(PolicyServiceImpl.MAX_OPTIONS_TEXT);

        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1",
                Map.of("devices", text))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("options");
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1",
                "v".repeat(PolicyServiceImpl.MAX_RESOURCE_ID + 1), Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("resourceId");
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(),
                "us-" + "e".repeat(40) + "-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");
        assertThat(policies.targets(ROOT, policy.id())).isEmpty();

        String most = "€".repeat(PolicyServiceImpl.MAX_OPTIONS_TEXT - "devices".length());
        assertThat(policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1",
                Map.of("devices", most))).spec().options()).containsEntry("devices", most);
    }

    @Test
    void policyOptionsAreValidatedAndKept() {
        PolicySpec base = spec("opts", 1);
        PolicySpec noAlert = withOptions(base, 0, new ScriptSettings(true, 30, false));
        assertThatThrownBy(() -> policies.create(ROOT, noAlert))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("failuresToAlert");
        PolicySpec zeroTimeout = withOptions(base, 1, new ScriptSettings(true, 0, false));
        assertThatThrownBy(() -> policies.create(ROOT, zeroTimeout))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("scripts.timeoutSeconds");
        assertThat(policies.list(ROOT)).isEmpty();

        PolicySpec good = withOptions(base, 3, new ScriptSettings(true, 45, true));
        assertThat(policies.create(ROOT, good).spec()).isEqualTo(good);
    }

    @Test
    void manyTargetsAreAddedAllOrNoneAndARefusalNamesItsPlace() {
        var policy = policies.create(ROOT, spec("many", 1));
        List<String> looked = new java.util.concurrent.CopyOnWriteArrayList<>();
        fake.onFind = looked::add;

        assertThat(policies.addTargets(ROOT, policy.id(), List.of(new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()),
                new TargetSpec(fake.id(), "us-west-2", "vol-1", Map.of())))).hasSize(2);
        assertThat(looked).as("one look-up per resource").hasSize(2);

        assertThatThrownBy(() -> policies.addTargets(ROOT, policy.id(), List.of(
                new TargetSpec(fake.id(), "eu-west-1", "vol-1", Map.of()), new TargetSpec(fake.id(), "eu-west-1", "vol-9", Map.of()))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targets[1].resourceId");
        assertThatThrownBy(() -> policies.addTargets(ROOT, policy.id(), List.of(
                new TargetSpec(fake.id(), "eu-west-1", "vol-1", Map.of()), new TargetSpec(fake.id(), "eu-west-1", "vol-1", Map.of()))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targets[1].resourceId");
        assertThatThrownBy(() -> policies.addTargets(ROOT, policy.id(), List.of(new TargetSpec(fake.id(), "mars-1", "vol-1", Map.of()))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targets[0].region");
        assertThatThrownBy(() -> policies.addTargets(ROOT, policy.id(), List.of()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targets");
        fake.maxTargets = 3;
        assertThatThrownBy(() -> policies.addTargets(ROOT, policy.id(), List.of(
                new TargetSpec(fake.id(), "eu-west-1", "vol-1", Map.of()), new TargetSpec(fake.id(), "ap-south-1", "vol-1", Map.of()))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targets[1].type");
        assertThat(policies.targets(ROOT, policy.id())).as("nothing of a refused request is added").hasSize(2);
    }

    @Test
    void theHoldersOfAResourceAreThePoliciesTheCallerSees() {
        var first = policies.create(ROOT, spec("first", 1));
        var second = policies.create(ROOT, spec("second", 1));
        policies.addTarget(ROOT, second.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        policies.addTarget(ROOT, first.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        policies.addTarget(ROOT, first.id(), new TargetSpec(fake.id(), "us-west-2", "vol-1", Map.of()));

        assertThat(policies.holders(ROOT, fake.id(), "us-east-1")).isEqualTo(Map.of("vol-1", List.of("first", "second")));
        assertThat(policies.holders(ROOT, fake.id(), "eu-west-1")).isEmpty();
    }

    @Test
    void aTypeLimitsHowManyOfItsTargetsAPolicyHolds() {
        fake.maxTargets = 2;
        var policy = policies.create(ROOT, spec("limited", 1));
        policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "us-west-2", "vol-1", Map.of()));
        assertThatThrownBy(() -> policies.addTarget(ROOT, policy.id(), new TargetSpec(fake.id(), "eu-west-1", "vol-1", Map.of())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 2 targets")
                .extracting("field").isEqualTo("type");
        assertThat(policies.targets(ROOT, policy.id())).hasSize(2);
    }

    @Test
    void deletingAPolicyWithBackupsNeedsConsentAndSparesFrozenBackups() {
        var policy = policies.create(ROOT, spec("gone", 1));
        long kept = finishedBackup(policy.id());
        long dropped = finishedBackup(policy.id());
        store.backups().freeze(kept, "keep me", null, java.time.Instant.now());

        assertThat(policies.deletableBackups(ROOT, policy.id())).isEqualTo(1);
        assertThatThrownBy(() -> policies.delete(ROOT, policy.id(), false))
                .isInstanceOf(ConflictException.class).hasMessageContaining("1 backups outside the freezer");
        assertThat(policies.list(ROOT)).hasSize(1);
        assertThat(orphanSweeps).hasValue(0);

        assertThat(policies.delete(ROOT, policy.id(), true)).isEqualTo(1);
        assertThat(policies.list(ROOT)).isEmpty();
        assertThat(orphanSweeps).hasValue(1);
        assertThat(store.backups().orphans()).extracting(Backup::id).containsExactly(dropped);
    }

    @Test
    void aPolicyWithoutBackupsIsDeletedWithoutConsentButNotWhileABackupRuns() {
        var idle = policies.create(ROOT, spec("idle", 1));
        assertThat(policies.delete(ROOT, idle.id(), false)).isZero();
        var busy = policies.create(ROOT, spec("busy", 1));
        store.backups().start(busy.id(), accountId, "busy", BackupTrigger.MANUAL, 1, java.time.Instant.now());
        assertThatThrownBy(() -> policies.delete(ROOT, busy.id(), true))
                .isInstanceOf(ConflictException.class).hasMessageContaining("in progress");
        assertThat(policies.get(ROOT, busy.id())).isNotNull();
    }

    private long finishedBackup(long policyId) {
        long id = store.backups().start(policyId, accountId, "p", BackupTrigger.MANUAL, 1, java.time.Instant.now())
                .orElseThrow();
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", java.time.Instant.now());
        return id;
    }

    private static PolicySpec withOptions(PolicySpec s, int failuresToAlert, ScriptSettings scripts) {
        return new PolicySpec(s.name(), s.accountId(), s.description(), s.enabled(), s.generations(), s.scheduleIds(),
                s.retries(), s.retryWaitMinutes(), TargetRemoval.YES_AND_ALERT, SuccessCriterion.SNAPSHOTS_SUCCEED,
                failuresToAlert, scripts);
    }

    @Test
    void theCpmdataPolicyHoldsOnlyHavensOwnDataAndNoOtherPolicyDoes() {
        types.addTargetType(new io.haven.core.FakeTargetType() {
            @Override
            public String id() {
                return io.haven.api.selfbackup.SelfBackup.TARGET_TYPE;
            }
        });
        var self = policies.create(ROOT, spec("CpmData", 7));
        var web = policies.create(ROOT, spec("web", 3));
        TargetSpec bucket = new TargetSpec("haven-data", "us-east-1", "vol-1", Map.of()); // the fake finds vol-1 only

        assertThatThrownBy(() -> policies.addTarget(ROOT, self.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1",
                Map.of()))).isInstanceOf(ValidationException.class).extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> policies.addTargets(ROOT, self.id(), List.of(new TargetSpec(fake.id(), "us-east-1",
                "vol-1", Map.of())))).isInstanceOf(ValidationException.class).extracting("field")
                .isEqualTo("targets[0].type");
        assertThatThrownBy(() -> policies.addTarget(ROOT, web.id(), bucket))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("type");
        assertThat(policies.targets(ROOT, self.id())).isEmpty();
        assertThat(policies.targets(ROOT, web.id())).isEmpty();

        policies.addTarget(ROOT, self.id(), bucket);
        policies.addTarget(ROOT, web.id(), new TargetSpec(fake.id(), "us-east-1", "vol-1", Map.of()));
        assertThat(policies.targets(ROOT, self.id())).extracting(t -> t.spec().resourceId()).containsExactly("vol-1");

        // Renaming either way would leave targets that do not fit: refused, nothing changed.
        assertThatThrownBy(() -> policies.update(ROOT, self.id(), spec("other", 7)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
        assertThat(policies.update(ROOT, web.id(), spec("cpmdata2", 3)).spec().name()).isEqualTo("cpmdata2");
        policies.update(ROOT, web.id(), spec("web", 3));
        assertThatThrownBy(() -> policies.update(ROOT, web.id(), spec("cpmdata", 3)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
        assertThat(policies.get(ROOT, self.id()).spec().name()).isEqualTo("CpmData");

        // Scripts and automatic target removal mean nothing for it.
        PolicySpec withScripts = new PolicySpec("cpmdata", accountId, null, true, 7, List.of(), 3, 1,
                io.haven.api.model.TargetRemoval.NO, null, 1, new io.haven.api.model.ScriptSettings(true, 60, false));
        assertThatThrownBy(() -> policies.update(ROOT, self.id(), withScripts))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("scripts.enabled");
        PolicySpec removing = new PolicySpec("cpmdata", accountId, null, true, 7, List.of(), 3, 1,
                io.haven.api.model.TargetRemoval.YES, null, 1, null);
        assertThatThrownBy(() -> policies.update(ROOT, self.id(), removing))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("autoRemoveTargets");
        // Its schedule, generations and DR are its own to set.
        var updated = policies.update(ROOT, self.id(), spec("cpmdata", 14).withDr(new io.haven.api.model.DrSettings(true,
                1, List.of("us-west-2"), 24)));
        assertThat(updated.spec().generations()).isEqualTo(14);
        assertThat(updated.spec().dr().regions()).containsExactly("us-west-2");
    }

    private PolicySpec spec(String name, int generations) {
        return new PolicySpec(name, accountId, null, true, generations, List.of(), PolicySpec.DEFAULT_RETRIES,
                PolicySpec.DEFAULT_RETRY_WAIT_MINUTES);
    }
}
