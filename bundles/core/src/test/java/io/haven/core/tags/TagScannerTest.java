package io.haven.core.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.Frequency;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanEntry.Kind;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TargetRemoval;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.target.CloudContext;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.store.HavenStore;
import io.haven.store.PolicyRepository.StoredTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One account's tag scan (guide 13) over an in-memory store, with a target type that serves tagged resources. */
class TagScannerTest {

    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";

    /** A type that opts in: its tagged resources per region, and the options it takes in tags. */
    static class TaggedType extends FakeTargetType {
        final Map<String, List<Resource>> tagged = new ConcurrentHashMap<>();
        final Set<String> failingRegions = ConcurrentHashMap.newKeySet();
        /** The resource limit its resources count toward, each once; none unless a test sets it. */
        volatile io.haven.api.target.LimitCategory category;

        @Override
        public Optional<io.haven.api.target.LimitCategory> limitCategory() {
            return Optional.ofNullable(category);
        }

        @Override
        public java.util.OptionalLong limitUse(Resource resource) {
            return category == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(1);
        }

        @Override
        public boolean scansTags() {
            return true;
        }

        @Override
        public List<Resource> findTagged(CloudContext ctx, String tagKey) {
            if (failingRegions.contains(ctx.region())) {
                throw new IllegalStateException("AWS was not reachable");
            }
            return tagged.getOrDefault(ctx.region(), List.of()).stream()
                    .filter(r -> r.tags().containsKey(tagKey)).toList();
        }

        @Override
        public Optional<Resource> find(CloudContext ctx, String resourceId) {
            return tagged.getOrDefault(ctx.region(), List.of()).stream().filter(r -> r.id().equals(resourceId)).findFirst();
        }

        @Override
        public Map<String, String> optionsFromTag(List<String> tagOptions) {
            for (String option : tagOptions) {
                if (!option.equals("only-snaps")) {
                    throw new InvalidTargetException("options", "'" + option + "' is not an option of this type");
                }
            }
            return tagOptions.isEmpty() ? Map.of() : Map.of("mode", "snapshots");
        }

        void tag(String region, String id, String value) {
            tagged.computeIfAbsent(region, r -> new ArrayList<>())
                    .add(new Resource(id(), id, region, id, Map.of("cpm backup", value, "Name", id), Map.of()));
        }
    }

    private final TaggedType type = new TaggedType();
    private HavenStore store;
    private PolicyServiceImpl policies;
    private TagScanner scanner;
    private Caller bob;
    private Account account;
    private List<String> regions = List.of(EAST, WEST);

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(type);
        types.addTargetType(new FakeTargetType() {
            @Override
            public String id() {
                return "not-opted-in";
            }

            @Override
            public List<Resource> findTagged(CloudContext ctx, String tagKey) {
                throw new AssertionError("a type that does not opt in is never scanned");
            }
        });
        long bobId = store.users().insert("bob", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        bob = Caller.of(new User(bobId, "bob", UserType.INDEPENDENT, null));
        account = store.accounts().insert(bobId, new Account(0, "bobs", AuthMethod.INSTANCE_ROLE, "123456789012", null,
                null, null, null, null, null, Instant.now()), null);
        policies = new PolicyServiceImpl(store, types, (accountId, region) -> TestStores.context(region), null, () -> { },
                new BackupHousekeeper() {
                    @Override
                    public void deleteNow(io.haven.api.model.Backup backup) {
                    }

                    @Override
                    public void deleteOrphansSoon() {
                    }
                });
        scanner = new TagScanner(store, types, (accountId, region) -> TestStores.context(region), policies,
                accountId -> regions, Clock.systemUTC());
    }

    private Policy policy(String name) {
        return policies.create(bob, new PolicySpec(name, account.id(), null, true, 3, List.of(), 1, 0));
    }

    private List<TargetSpec> targets(String policy) {
        return store.policies().targets(policies.find(bob, policy).id()).stream().map(StoredTarget::spec).toList();
    }

    @Test
    void addsATaggedResourceToEachPolicyItNamesOnce() {
        policy("web");
        policy("db");
        type.tag(EAST, "vol-a", "web  db");
        type.tag(WEST, "vol-b", "web");

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.tagged()).isEqualTo(2);
        assertThat(log.entries()).extracting(TagScanEntry::kind, TagScanEntry::resourceId, TagScanEntry::policy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-a", "web"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-a", "db"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-b", "web"));
        assertThat(targets("web")).containsExactly(new TargetSpec(type.id(), EAST, "vol-a", Map.of()),
                new TargetSpec(type.id(), WEST, "vol-b", Map.of()));

        // The next scan finds them there: nothing changes, nothing is logged.
        assertThat(scanner.scan(account, bob).entries()).isEmpty();
        assertThat(targets("web")).hasSize(2);
    }

    @Test
    void aTaggedResourceBeyondTheOwnersResourceLimitIsAnErrorAndTheScanGoesOn() {
        type.category = io.haven.api.target.LimitCategory.INSTANCES;
        store.users().updateLimits(bob.user().id(), new io.haven.api.model.ResourceLimits(null, 1L, null, null, null,
                null));
        policy("web");
        type.tag(EAST, "i-1", "web");
        type.tag(EAST, "i-2", "web");

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind, TagScanEntry::resourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "i-1"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ERROR, "i-2"));
        assertThat(log.entries().get(1).message()).isEqualTo("limit maxInstances: 1 protected + 1 added > 1");
        assertThat(targets("web")).extracting(TargetSpec::resourceId).containsExactly("i-1");
    }

    @Test
    void createsAPolicyFromItsTemplateWithTheTemplatesSettingsButNotItsTargets() {
        long schedule = store.schedules().insert(bob.user().id(), new ScheduleSpec("nightly", null, 1, Frequency.DAYS,
                Instant.parse("2026-01-01T01:00:00Z"), null, Set.of(), List.of()));
        Policy gold = policies.create(bob, new PolicySpec("gold", account.id(), null, true, 7, List.of(schedule), 5, 9,
                TargetRemoval.NO, SuccessCriterion.SNAPSHOTS_SUCCEED, 2, new ScriptSettings(true, 120, true)));
        store.policies().addTarget(gold.id(), new TargetSpec(type.id(), EAST, "vol-gold", Map.of()));
        type.tag(EAST, "vol-n", "fresh:gold#only-snaps");

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind).containsExactly(Kind.CREATED, Kind.ADDED);
        Policy fresh = policies.find(bob, "fresh");
        assertThat(fresh.madeByTagScan()).isTrue();
        assertThat(gold.madeByTagScan()).isFalse();
        PolicySpec s = fresh.spec();
        assertThat(s.accountId()).isEqualTo(account.id());
        assertThat(s.generations()).isEqualTo(7);
        assertThat(s.scheduleIds()).containsExactly(schedule);
        assertThat(s.retries()).isEqualTo(5);
        assertThat(s.retryWaitMinutes()).isEqualTo(9);
        assertThat(s.successCriterion()).isEqualTo(SuccessCriterion.SNAPSHOTS_SUCCEED);
        assertThat(s.failuresToAlert()).isEqualTo(2);
        assertThat(s.scripts()).isEqualTo(new ScriptSettings(true, 120, true));
        // Guide 13: always "yes and alert", whatever the template says.
        assertThat(s.autoRemoveTargets()).isEqualTo(TargetRemoval.YES_AND_ALERT);
        assertThat(targets("fresh")).containsExactly(new TargetSpec(type.id(), EAST, "vol-n", Map.of("mode", "snapshots")));
        assertThat(store.owners().ownerOf(io.haven.store.OwnerRepository.Owned.POLICY, fresh.id()))
                .contains(bob.user().id());

        // Scanned again, the policy exists: it is used, not made again.
        assertThat(scanner.scan(account, bob).entries()).isEmpty();
    }

    @Test
    void noBackupRemovesTheResourceFromEveryPolicyOfTheAccount() {
        Policy web = policy("web");
        Policy db = policy("db");
        type.tag(EAST, "vol-x", "no-backup");
        type.tag(EAST, "vol-keep", "db");
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-x", Map.of()));
        policies.addTarget(bob, db.id(), new TargetSpec(type.id(), EAST, "vol-x", Map.of()));
        policies.addTarget(bob, db.id(), new TargetSpec(type.id(), EAST, "vol-keep", Map.of()));

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind, TagScanEntry::policy).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, "web"),
                org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, "db"));
        assertThat(targets("web")).isEmpty();
        assertThat(targets("db")).extracting(TargetSpec::resourceId).containsExactly("vol-keep");
    }

    /** Guide 13, "Pitfalls": a manual change that contradicts the tag is undone at the next scan, with a warning. */
    @Test
    void undoingAManualChangeThatContradictsTheTagIsWarnedAbout() {
        Policy web = policy("web");
        type.tag(EAST, "vol-a", "web");
        type.tag(EAST, "vol-x", "no-backup");
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-x", Map.of()));
        TagScanLog first = scanner.scan(account, bob, null);
        assertThat(first.entries()).extracting(TagScanEntry::kind).containsExactlyInAnyOrder(Kind.ADDED, Kind.REMOVED);

        // By hand: vol-a out of the policy its tag names, vol-x into a policy although its tag says no-backup.
        long aTarget = policies.targets(bob, web.id()).stream().filter(t -> t.spec().resourceId().equals("vol-a"))
                .findFirst().orElseThrow().id();
        policies.removeTarget(bob, web.id(), aTarget);
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-x", Map.of()));

        TagScanLog second = scanner.scan(account, bob, first);

        assertThat(second.entries()).extracting(TagScanEntry::kind, TagScanEntry::resourceId).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Kind.WARNING, "vol-a"),
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-a"),
                org.assertj.core.groups.Tuple.tuple(Kind.WARNING, "vol-x"),
                org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, "vol-x"));
        assertThat(second.entries()).filteredOn(e -> e.kind() == Kind.WARNING).extracting(TagScanEntry::message)
                .allSatisfy(m -> assertThat(m).contains("by hand").contains("Change the tag"));
        assertThat(targets("web")).extracting(TargetSpec::resourceId).containsExactly("vol-a");

        // Without a manual change in between, a scan that had to add something warns of nothing.
        assertThat(scanner.scan(account, bob, second).entries()).isEmpty();
    }

    @Test
    void aTargetWhoseOptionsDifferFromItsTagsIsPointedOutAndLeftAsItIs() {
        Policy web = policy("web");
        type.tag(EAST, "vol-o", "web#only-snaps");
        type.tag(EAST, "vol-same", "web");
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-o", Map.of()));
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-same", Map.of()));

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.WARNING);
            assertThat(e.resourceId()).isEqualTo("vol-o");
            assertThat(e.message()).contains("not those of its tag {mode=snapshots}");
        });
        assertThat(targets("web")).contains(new TargetSpec(type.id(), EAST, "vol-o", Map.of()));
    }

    @Test
    void everyBadValueIsLoggedWithItsResourceAndTheScanGoesOn() {
        policy("web");
        type.tag(EAST, "vol-1", "web#");                  // empty option
        type.tag(EAST, "vol-2", "new_policy;template");  // a semicolon: a name no policy has
        type.tag(EAST, "vol-3", "other:nothing");        // template does not exist
        type.tag(EAST, "vol-4", "web#only-amis");        // the type refuses the option
        type.tag(EAST, "vol-5", "web no-backup");        // no-backup with names
        type.tag(EAST, "vol-6", "web");                  // fine

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.tagged()).isEqualTo(6);
        List<TagScanEntry> errors = log.entries().stream().filter(e -> e.kind() == Kind.ERROR).toList();
        assertThat(errors).extracting(TagScanEntry::resourceId).containsExactly("vol-1", "vol-2", "vol-3", "vol-4", "vol-5");
        assertThat(errors).extracting(TagScanEntry::tagValue).containsExactly("web#", "new_policy;template",
                "other:nothing", "web#only-amis", "web no-backup");
        assertThat(errors.get(0).message()).contains("empty backup option");
        assertThat(errors.get(1).message()).contains("No policy named 'new_policy;template'")
                .contains("separate the names with ':', not ';'");
        assertThat(errors.get(2).message()).contains("No template policy named 'nothing'");
        assertThat(errors.get(3).message()).contains("only-amis");
        assertThat(errors).allSatisfy(e -> assertThat(e.region()).isEqualTo(EAST));
        assertThat(targets("web")).extracting(TargetSpec::resourceId).containsExactly("vol-6");
        assertThat(store.policies().byName("other")).isEmpty();
    }

    @Test
    void aPolicyOfAnotherWorldIsAsGoodAsAbsent() {
        // Root's policy "roots" is outside Bob's world: Bob's tag cannot add to it, nor use it as a template.
        store.policies().insert(new PolicySpec("roots", TestStores.account(store), null, true, 3, List.of(), 1, 0));
        type.tag(EAST, "vol-1", "roots");
        type.tag(EAST, "vol-2", "mine:roots");

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind).containsOnly(Kind.ERROR).hasSize(2);
        assertThat(store.policies().targets(store.policies().byName("roots").orElseThrow().id())).isEmpty();
        assertThat(store.policies().byName("mine")).isEmpty();
    }

    @Test
    void aTypeThatFailsOnOneResourceIsLoggedAndTheNextResourceIsScanned() {
        TaggedType brittle = new TaggedType() {
            @Override
            public Map<String, String> optionsFromTag(List<String> tagOptions) {
                if (tagOptions.contains("boom")) {
                    throw new IllegalStateException("the plugin broke");
                }
                return Map.of();
            }
        };
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(brittle);
        PolicyServiceImpl withBrittle = new PolicyServiceImpl(store, types, (a, r) -> TestStores.context(r), null,
                () -> { }, new BackupHousekeeper() {
                    @Override
                    public void deleteNow(io.haven.api.model.Backup backup) {
                    }

                    @Override
                    public void deleteOrphansSoon() {
                    }
                });
        policy("web");
        brittle.tag(EAST, "vol-1", "web#boom");
        brittle.tag(EAST, "vol-2", "web");

        TagScanLog log = new TagScanner(store, types, (a, r) -> TestStores.context(r), withBrittle, accountId -> regions,
                Clock.systemUTC()).scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind, TagScanEntry::resourceId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.ERROR, "vol-1"),
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-2"));
        assertThat(log.entries().get(0).message()).contains("the plugin broke");
    }

    @Test
    void aRegionThatFailsIsLoggedAndTheOtherRegionsAreScanned() {
        policy("web");
        type.failingRegions.add(EAST);
        type.tag(WEST, "vol-w", "web");

        TagScanLog log = scanner.scan(account, bob);

        assertThat(log.entries()).extracting(TagScanEntry::kind, TagScanEntry::region).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.ERROR, EAST),
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, WEST));
        assertThat(log.entries().get(0).message()).contains("AWS was not reachable");
    }

    @Test
    void regionsThatCannotBeListedEndTheScanWithOneLine() {
        TagScanner broken = new TagScanner(store, new TargetTypeRegistry(), (a, r) -> TestStores.context(r), policies,
                accountId -> {
                    throw new IllegalStateException("DescribeRegions refused");
                }, Clock.systemUTC());

        TagScanLog log = broken.scan(account, bob);

        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.ERROR);
            assertThat(e.message()).contains("DescribeRegions refused");
        });
    }
}
