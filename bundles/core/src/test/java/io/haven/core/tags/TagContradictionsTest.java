package io.haven.core.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanEntry.Kind;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagWarning;
import io.haven.api.model.TagWarning.NextScan;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guide 13, "Pitfalls": a manual change that a resource's {@code cpm backup} tag contradicts is made, and the caller is
 * told what the next scan will do; the warning is also a line of the account's last scan log. Over an in-memory store,
 * through the policy service as REST and the shell call it.
 */
class TagContradictionsTest {

    private static final String EAST = "us-east-1";

    /** The tagged type of the scanner's test, whose look-ups can be made to fail and are counted. */
    static class LookedUpType extends TagScannerTest.TaggedType {
        final AtomicInteger lookUps = new AtomicInteger();
        volatile boolean awsDown;

        @Override
        public Optional<Resource> find(CloudContext ctx, String resourceId) {
            lookUps.incrementAndGet();
            if (awsDown) {
                throw new IllegalStateException("AWS was not reachable");
            }
            return super.find(ctx, resourceId);
        }

        /** Changes a resource's tag in place, as a user would in AWS. */
        void retag(String region, String id, String value) {
            tagged.get(region).removeIf(r -> r.id().equals(id));
            tag(region, id, value);
        }
    }

    private final LookedUpType type = new LookedUpType();
    private HavenStore store;
    private PolicyServiceImpl policies;
    private TagScanner scanner;
    private Caller bob;
    private Account account;
    private Policy web;

    @BeforeEach
    void setUp() {
        store = TestStores.fresh();
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(type);
        types.addTargetType(new FakeTargetType() {
            @Override
            public String id() {
                return "not-scanned";
            }

            @Override
            public Optional<Resource> find(CloudContext ctx, String resourceId) {
                return Optional.of(new Resource(id(), resourceId, ctx.region(), resourceId,
                        Map.of("cpm backup", "no-backup"), Map.of()));
            }
        });
        long bobId = store.users().insert("bob", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        bob = Caller.of(new User(bobId, "bob", UserType.INDEPENDENT, null));
        account = store.accounts().insert(bobId, new Account(0, "bobs", AuthMethod.INSTANCE_ROLE, "123456789012", null,
                null, null, null, null, null, Instant.now()), null);
        store.accounts().setScanResources(account.id(), true);
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
                accountId -> List.of(EAST), Clock.systemUTC());
        web = policies.create(bob, new PolicySpec("web", account.id(), null, true, 3, List.of(), 1, 0));
    }

    private long targetOf(String resourceId) {
        return policies.targets(bob, web.id()).stream().filter(t -> t.spec().resourceId().equals(resourceId))
                .findFirst().orElseThrow().id();
    }

    private Account scanned() {
        return store.accounts().get(account.id()).orElseThrow().account();
    }

    /** Scans as the service does: the last log is the previous one, and the new log is stored. */
    private TagScanLog scan() {
        TagScanLog log = scanner.scan(scanned(), bob, store.tagScans().last(account.id()).orElse(null));
        store.tagScans().saveLast(log);
        return log;
    }

    @Test
    void removingByHandAResourceWhoseTagNamesThePolicyIsDoneAndWarnedAboutInTheAnswerAndTheScanLog() {
        type.tag(EAST, "vol-a", "web db");
        scan();

        List<TagWarning> warnings = policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-a"));

        assertThat(policies.targets(bob, web.id())).as("the removal stands").isEmpty();
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.resourceId()).isEqualTo("vol-a");
            assertThat(w.type()).isEqualTo(type.id());
            assertThat(w.region()).isEqualTo(EAST);
            assertThat(w.policy()).isEqualTo("web");
            assertThat(w.tagValue()).isEqualTo("web db");
            assertThat(w.nextScan()).isEqualTo(NextScan.ADD_AGAIN);
            assertThat(w.message()).contains("vol-a").contains("'web db'").contains("will add it again")
                    .contains("Change the tag");
        });
        assertThat(store.tagScans().last(account.id()).orElseThrow().entries()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.WARNING);
            assertThat(e.resourceId()).isEqualTo("vol-a");
            assertThat(e.policy()).isEqualTo("web");
            assertThat(e.message()).contains("bob removed it by hand from policy 'web'").contains("add it again");
        });

        // And the next scan does what the warning said.
        assertThat(scan().entries()).extracting(TagScanEntry::kind, TagScanEntry::resourceId).contains(
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "vol-a"));
        assertThat(policies.targets(bob, web.id())).extracting(t -> t.spec().resourceId()).containsExactly("vol-a");
    }

    @Test
    void aResourceAddedByHandWhoseTagNamesThePolicyIsWarnedAboutWhenRemovedEvenWithoutAScanLog() {
        type.tag(EAST, "vol-h", "web");
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-h", Map.of()));

        assertThat(policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-h")))
                .extracting(TagWarning::nextScan).containsExactly(NextScan.ADD_AGAIN);
        assertThat(store.tagScans().last(account.id())).as("no scan log to write to").isEmpty();
    }

    @Test
    void nothingIsWarnedWhenTheTagNoLongerNamesThePolicyOrTheAccountIsNotScannedOrTheResourceIsGone() {
        type.tag(EAST, "vol-a", "web");
        type.tag(EAST, "vol-b", "web");
        type.tag(EAST, "vol-c", "web");
        scan();

        type.retag(EAST, "vol-a", "db");
        assertThat(policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-a"))).isEmpty();
        type.tagged.get(EAST).removeIf(r -> r.id().equals("vol-b"));
        assertThat(policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-b"))).as("gone").isEmpty();

        store.accounts().setScanResources(account.id(), false);
        int before = type.lookUps.get();
        assertThat(policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-c"))).isEmpty();
        assertThat(type.lookUps.get()).as("no AWS call for an account that is not scanned").isEqualTo(before);
        assertThat(policies.targets(bob, web.id())).isEmpty();
    }

    @Test
    void whenAwsCannotBeAskedTheLastScanThatAddedTheResourceDecides() {
        type.tag(EAST, "vol-a", "web");
        scan();
        type.tagged.get(EAST).add(new Resource(type.id(), "vol-hand", EAST, "vol-hand", Map.of(), Map.of()));
        policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-hand", Map.of()));
        type.awsDown = true;

        List<TagWarning> warnings = policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-a"));

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.tagValue()).isEqualTo("web");
            assertThat(w.nextScan()).isEqualTo(NextScan.ADD_AGAIN);
            assertThat(w.message()).contains("by the last tag scan").contains("AWS was not reachable")
                    .contains("if the tag still names the policy");
        });
        assertThat(policies.removeTargetWithWarnings(bob, web.id(), targetOf("vol-hand")))
                .as("no scan put it there, and its tag cannot be read").isEmpty();
    }

    @Test
    void addingByHandAResourceTaggedNoBackupIsDoneAndSaysTheNextScanRemovesIt() {
        type.tag(EAST, "vol-x", "no-backup");
        type.tag(EAST, "vol-y", "web");
        scan();

        PolicyTarget added = policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-x", Map.of()));

        assertThat(added.warnings()).singleElement().satisfies(w -> {
            assertThat(w.resourceId()).isEqualTo("vol-x");
            assertThat(w.tagValue()).isEqualTo("no-backup");
            assertThat(w.nextScan()).isEqualTo(NextScan.REMOVE);
            assertThat(w.message()).contains("will remove it from every policy");
        });
        assertThat(policies.targets(bob, web.id())).extracting(t -> t.spec().resourceId()).contains("vol-x");
        assertThat(policies.targets(bob, web.id())).allSatisfy(t -> assertThat(t.warnings()).as("read: no warnings").isEmpty());
        assertThat(store.tagScans().last(account.id()).orElseThrow().entries()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.WARNING);
            assertThat(e.resourceId()).isEqualTo("vol-x");
            assertThat(e.message()).contains("added it by hand to policy 'web'").contains("remove it");
        });

        // A batch says it per target; a resource whose tag agrees gets none.
        Policy db = policies.create(bob, new PolicySpec("db", account.id(), null, true, 3, List.of(), 1, 0));
        type.tag(EAST, "vol-z", "db");
        List<PolicyTarget> batch = policies.addTargets(bob, db.id(), List.of(
                new TargetSpec(type.id(), EAST, "vol-z", Map.of()), new TargetSpec(type.id(), EAST, "vol-x", Map.of())));
        assertThat(batch).extracting(t -> t.warnings().size()).containsExactly(0, 1);
    }

    @Test
    void aTypeThatTakesNoPartInScansIsNeverWarnedAbout() {
        PolicyTarget added = policies.addTarget(bob, web.id(), new TargetSpec("not-scanned", EAST, "vol-n", Map.of()));

        assertThat(added.warnings()).isEmpty();
        assertThat(policies.removeTargetWithWarnings(bob, web.id(), added.id())).isEmpty();
    }

    @Test
    void aTagNamingAnotherPolicyDoesNotContradictARemoval() {
        type.tag(EAST, "vol-a", "web");
        Policy other = policies.create(bob, new PolicySpec("other", account.id(), null, true, 3, List.of(), 1, 0));
        PolicyTarget a = policies.addTarget(bob, other.id(), new TargetSpec(type.id(), EAST, "vol-a", Map.of()));

        assertThat(policies.removeTargetWithWarnings(bob, other.id(), a.id())).as("its tag names web, not other")
                .isEmpty();
    }

    @Test
    void targetOptionsSetByHandAgainstTheTagsAreKeptAndWarnedAboutAtTheAddAndAtEachChange() {
        type.tag(EAST, "vol-o", "web#only-snaps");
        type.tag(EAST, "vol-p", "web#only-snaps");
        scan(); // adds both with the tag's options
        policies.removeTarget(bob, web.id(), targetOf("vol-o"));

        PolicyTarget plain = policies.addTarget(bob, web.id(), new TargetSpec(type.id(), EAST, "vol-o", Map.of()));

        assertThat(plain.warnings()).singleElement().satisfies(w -> {
            assertThat(w.nextScan()).isEqualTo(NextScan.KEEP_OPTIONS);
            assertThat(w.tagValue()).isEqualTo("web#only-snaps");
            assertThat(w.message()).contains("asks for options {mode=snapshots}").contains("its target has {}")
                    .contains("leave the target as it is");
        });
        assertThat(store.tagScans().last(account.id()).orElseThrow().entries()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.WARNING);
            assertThat(e.message()).contains("bob added it by hand to policy 'web'").contains("options differ");
        });

        PolicyTarget changed = policies.updateTargetOptions(bob, web.id(), targetOf("vol-p"), Map.of());
        assertThat(changed.spec().options()).as("the change stands").isEmpty();
        assertThat(changed.warnings()).extracting(TagWarning::nextScan).containsExactly(NextScan.KEEP_OPTIONS);
        assertThat(policies.updateTargetOptions(bob, web.id(), targetOf("vol-p"), Map.of("mode", "snapshots"))
                .warnings()).as("back to what the tag asks").isEmpty();

        // The scan does what the warning said: it leaves vol-o's options and points the difference out.
        assertThat(scan().entries()).filteredOn(e -> e.resourceId().equals("vol-o")).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.WARNING));
        assertThat(policies.targets(bob, web.id())).filteredOn(t -> t.spec().resourceId().equals("vol-o"))
                .singleElement().satisfies(t -> assertThat(t.spec().options()).isEmpty());

        store.accounts().setScanResources(account.id(), false);
        int before = type.lookUps.get();
        assertThat(policies.updateTargetOptions(bob, web.id(), targetOf("vol-o"), Map.of()).warnings()).isEmpty();
        assertThat(type.lookUps.get()).as("no AWS call for an account that is not scanned").isEqualTo(before);
    }

    @Test
    void whenAwsCannotBeAskedAfterAnOptionsChangeTheChangeStandsWithoutAWarning() {
        type.tag(EAST, "vol-p", "web#only-snaps");
        scan();
        type.awsDown = true;

        PolicyTarget changed = policies.updateTargetOptions(bob, web.id(), targetOf("vol-p"), Map.of());

        assertThat(changed.spec().options()).isEmpty();
        assertThat(changed.warnings()).isEmpty();
    }
}
