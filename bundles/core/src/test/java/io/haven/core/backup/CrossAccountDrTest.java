package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AccountType;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.DrSettings;
import io.haven.api.model.DrStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.CopyRepository;
import io.haven.store.CopyRepository.StoredCopy;
import io.haven.store.HavenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-account DR (guide 3.2.1, 11): copies made by the DR account from shared sources, in each target region or the
 * backup's own, originals dropped when the policy keeps none, and copies of a DR account that may not delete tagged
 * {@code cpm_deleted} instead of deleted. Driven tick by tick with a fake type that copies in memory and refuses a
 * cross-account copy of a source that was not shared with the destination account, as AWS does.
 */
class CrossAccountDrTest {

    static final String BACKUP_AWS = "123456789012";
    static final String DR_AWS = "210987654321";

    /** Copies across accounts only what was shared with the destination account; tags copies in place. */
    static final class SharingType extends DisasterRecoveryTest.CopyingType {
        final Set<String> shared = ConcurrentHashMap.newKeySet();
        final Map<String, String> copyAccount = new ConcurrentHashMap<>();

        @Override
        public Optional<String> notSharedBecause() {
            return Optional.empty();
        }

        @Override
        public void share(CloudContext source, Artifact artifact, String awsAccountId) {
            assertThat(source.awsAccountId()).isEqualTo(BACKUP_AWS);
            shared.add(artifact.id() + "->" + awsAccountId);
        }

        @Override
        public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
            if (!source.awsAccountId().equals(destination.awsAccountId())
                    && !shared.contains(artifact.id() + "->" + destination.awsAccountId())) {
                throw new IllegalStateException("InvalidSnapshot.NotFound: " + artifact.id() + " is not shared with "
                        + destination.awsAccountId());
            }
            Artifact copy = super.startCopy(source, destination, artifact, request);
            copyAccount.put(copy.id(), destination.awsAccountId());
            return copy;
        }

        /** Only the destination account's copies, as a describe in that account answers. */
        @Override
        public List<Artifact> findCopies(CloudContext destination, String backupId) {
            return super.findCopies(destination, backupId).stream()
                    .filter(c -> destination.awsAccountId().equals(copyAccount.get(c.id()))).toList();
        }

        @Override
        public void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
            Map<String, String> merged = new HashMap<>(existing.getOrDefault(artifact.id(), Map.of()));
            merged.putAll(tags);
            existing.put(artifact.id(), Map.copyOf(merged));
        }
    }

    private final SharingType type = new SharingType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private HavenStore store;
    private CloudContexts clouds;

    @BeforeEach
    void setUp() {
        types.addTargetType(type);
        store = TestStores.fresh();
        clouds = (account, region) -> context(store.accounts().get(account).orElseThrow().account().awsAccountId(), region);
    }

    static CloudContext context(String awsAccountId, String region) {
        return new CloudContext() {
            @Override
            public String awsAccountId() {
                return awsAccountId;
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public <C> C client(Class<C> clientType) {
                throw new UnsupportedOperationException("the fake target type needs no client");
            }

            @Override
            public String toString() {
                return awsAccountId + "/" + region;
            }
        };
    }

    private long drAccount(boolean allowDeleting) {
        return store.accounts().insert(new Account(0, "vault-" + allowDeleting, AuthMethod.INSTANCE_ROLE, DR_AWS, null,
                null, null, null, null, null, Instant.now(), false, AccountType.DR, allowDeleting), null).id();
    }

    private DisasterRecovery dr(int maxPerRegion) {
        return new DisasterRecovery(store, types, clouds, clock, maxPerRegion);
    }

    private Policy policy(String name, DrSettings settings) {
        long id = TestStores.policy(store, name, 10, 0);
        Policy policy = store.policies().get(id).orElseThrow();
        store.policies().update(id, policy.spec().withDr(settings));
        return store.policies().get(id).orElseThrow();
    }

    private long backup(Policy policy, String region, String... volumes) {
        long id = store.backups().start(policy.id(), policy.spec().accountId(), policy.spec().name(),
                BackupTrigger.MANUAL, 1, clock.instant()).orElseThrow();
        for (String volume : volumes) {
            Artifact a = type.createBehindTheEnginesBack(String.valueOf(id), volume);
            store.backups().addArtifact(id, type.id(), new Artifact(a.kind(), a.id(), region, a.resourceId(),
                    a.details()), clock.instant());
        }
        store.backups().artifacts(id).forEach(a -> store.backups().setArtifactState(a.id(), BackupRepository.COMPLETED,
                clock.instant()));
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", clock.instant());
        return id;
    }

    private List<StoredCopy> copies(long id) {
        return store.copies().ofBackup(id);
    }

    private List<String> messages(long id) {
        return store.backups().logEntries(id).stream().map(LogEntry::message).toList();
    }

    private DrStatus status(long id) {
        return store.backups().get(id).orElseThrow().drStatus();
    }

    @Test
    void theDrAccountCopiesSharedSourcesInEveryTargetRegionIncludingTheSourcesOwn() {
        long vault = drAccount(true);
        Policy policy = policy("x", new DrSettings(true, 1, List.of("us-east-1", "us-west-2"), 24, vault, true));
        long id = backup(policy, "us-east-1", "vol-a");
        DisasterRecovery dr = dr(20);
        assertThat(dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL)).isTrue();
        // cross-account: the source's own region counts too, the copy goes to another account
        assertThat(copies(id)).hasSize(2).allSatisfy(c -> {
            assertThat(c.accountId()).isEqualTo(vault);
            assertThat(c.crossAccount()).isTrue();
            assertThat(c.view().crossAccount()).isTrue();
        }).extracting(c -> c.view().region()).containsExactlyInAnyOrder("us-east-1", "us-west-2");

        dr.tick();
        dr.tick();
        assertThat(status(id)).isEqualTo(DrStatus.COMPLETED);
        String source = store.backups().artifacts(id).get(0).artifact().id();
        assertThat(type.shared).containsExactly(source + "->" + DR_AWS);
        assertThat(type.copyAccount.values()).containsOnly(DR_AWS).hasSize(2);
        assertThat(type.copies.keySet()).allSatisfy(copy -> assertThat(type.existing.get(copy))
                .containsEntry(HavenTags.COPY_OF, source).containsEntry(HavenTags.BACKUP_ID, String.valueOf(id)));
        // the original stays (keep originals = yes)
        assertThat(store.backups().artifacts(id)).singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(BackupRepository.COMPLETED));
        assertThat(type.existing).containsKey(source);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("DR started: copying to DR account vault-true in "
                + "us-east-1, us-west-2"));
    }

    @Test
    void withoutTargetRegionsTheDrAccountCopiesInTheBackupsOwnRegions() {
        long vault = drAccount(true);
        Policy policy = policy("own", new DrSettings(true, 1, List.of(), 24, vault, true));
        long east = backup(policy, "us-east-1", "vol-a");
        dr(20).backupEnded(east, policy, BackupStatus.SUCCESSFUL);
        assertThat(copies(east)).singleElement().satisfies(c -> {
            assertThat(c.view().region()).isEqualTo("us-east-1");
            assertThat(c.accountId()).isEqualTo(vault);
        });
    }

    @Test
    void aTypeThatDoesNotShareSaysWhyAndNothingOfItIsCopied() {
        types.removeTargetType(type);
        DisasterRecoveryTest.CopyingType regionOnly = new DisasterRecoveryTest.CopyingType();
        types.addTargetType(regionOnly);
        long vault = drAccount(true);
        Policy policy = policy("old", new DrSettings(true, 1, List.of("us-west-2"), 24, vault, true));
        long id = store.backups().start(policy.id(), policy.spec().accountId(), "old", BackupTrigger.MANUAL, 1,
                clock.instant()).orElseThrow();
        Artifact a = regionOnly.createBehindTheEnginesBack(String.valueOf(id), "vol-a");
        store.backups().addArtifact(id, regionOnly.id(), a, clock.instant());
        store.backups().artifacts(id).forEach(x -> store.backups().setArtifactState(x.id(), BackupRepository.COMPLETED,
                clock.instant()));
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", clock.instant());

        assertThat(dr(20).backupEnded(id, policy, BackupStatus.SUCCESSFUL)).isFalse();
        assertThat(copies(id)).isEmpty();
        assertThat(regionOnly.copyCalls).hasValue(0);
        assertThat(messages(id)).anyMatch(m -> m.contains("not copied to other accounts"));
    }

    @Test
    void copiesInFlightAreBoundedPerDrAccountAndRegion() {
        type.pendingCopyPolls = 1000;
        long vault = drAccount(true);
        Policy policy = policy("many", new DrSettings(true, 1, List.of("us-west-2"), 24, vault, true));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b", "vol-c");
        DisasterRecovery dr = dr(2);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        dr.tick();
        assertThat(type.copyCalls).hasValue(2);
        assertThat(store.copies().inFlight(vault, "us-west-2")).isEqualTo(2);
        assertThat(copies(id)).filteredOn(c -> CopyRepository.WAITING.equals(c.state())).hasSize(1);
    }

    /** After a kill, the copy the DR account made is looked for, and adopted, in the DR account. */
    @Test
    void aRestartAdoptsTheCopyTheDrAccountMadeAndOnlyThat() {
        type.pendingCopyPolls = 1000;
        long vault = drAccount(true);
        Policy policy = policy("killed", new DrSettings(true, 1, List.of("us-west-2"), 24, vault, true));
        long id = backup(policy, "us-east-1", "vol-a");
        dr(20).backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        StoredCopy row = copies(id).get(0);
        store.copies().starting(row.id());
        Artifact source = store.backups().artifacts(id).get(0).artifact();
        Map<String, String> tags = Map.of(HavenTags.BACKUP_ID, String.valueOf(id), HavenTags.COPY_OF, source.id());
        Artifact inBackupAccount = type.make("us-west-2", source, tags);
        type.copyAccount.put(inBackupAccount.id(), BACKUP_AWS);
        Artifact made = type.make("us-west-2", source, tags);
        type.copyAccount.put(made.id(), DR_AWS);

        DisasterRecovery restarted = dr(20);
        restarted.reconcile();
        assertThat(copies(id)).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(CopyRepository.PENDING);
            assertThat(c.view().awsId()).isEqualTo(made.id());
            assertThat(c.accountId()).isEqualTo(vault);
        });
        assertThat(type.deleted).doesNotContain(inBackupAccount.id(), made.id());
        restarted.tick();
        assertThat(type.copyCalls).hasValue(0); // adopted, not made again
    }

    @Test
    void withoutOriginalsKeptTheOriginalsGoOnceAllTheirCopiesCompletedAndTheCopiesStandIn() {
        long vault = drAccount(true);
        Policy policy = policy("lean", new DrSettings(true, 1, List.of("us-west-2", "eu-west-1"), 24, vault, false));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b");
        DisasterRecovery dr = dr(20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        type.deferNext = 0;
        dr.tick();
        // the copy of vol-b to eu-west-1 fails: its original must stay
        StoredCopy failing = copies(id).stream().filter(c -> c.view().region().equals("eu-west-1")).findFirst()
                .orElseThrow();
        String keptSource = failing.view().sourceAwsId();
        store.copies().setState(failing.id(), CopyRepository.FAILED, "made to fail", clock.instant());
        dr.tick();
        assertThat(status(id)).isEqualTo(DrStatus.FAILED);

        Map<String, String> states = new HashMap<>();
        store.backups().artifacts(id).forEach(a -> states.put(a.artifact().id(), a.state()));
        assertThat(states).hasSize(2);
        String droppedSource = states.keySet().stream().filter(s -> !s.equals(keptSource)).findFirst().orElseThrow();
        assertThat(states).containsEntry(keptSource, BackupRepository.COMPLETED)
                .containsEntry(droppedSource, BackupRepository.DELETED);
        assertThat(type.deleted).contains(droppedSource).doesNotContain(keptSource);
        assertThat(type.existing).doesNotContainKey(droppedSource).containsKey(keptSource);
        assertThat(copies(id)).filteredOn(c -> c.view().sourceAwsId().equals(droppedSource))
                .hasSize(2).allSatisfy(c -> assertThat(c.replacesSource()).isTrue());
        assertThat(messages(id)).anyMatch(m -> m.startsWith("DR: keep original snapshots is off: 1 originals deleted"));
    }

    @Test
    void retentionTagsCopiesCpmDeletedInADrAccountThatMayNotDeleteAndDeletesThemInOneThatMay() {
        long noDelete = drAccount(false);
        Policy policy = policy("vault", new DrSettings(true, 1, List.of("us-west-2"), 24, noDelete, true));
        long id = backup(policy, "us-east-1", "vol-a");
        DisasterRecovery dr = dr(20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        dr.tick();
        String copy = copies(id).get(0).view().awsId();
        String original = store.backups().artifacts(id).get(0).artifact().id();

        clock.advance(java.time.Duration.ofSeconds(7));
        new BackupDeletion(store, types, clouds, clock).deleteAll(store.backups().get(id).orElseThrow(), "Retention");
        assertThat(type.deleted).contains(original).doesNotContain(copy);
        assertThat(type.existing.get(copy)).containsEntry(HavenTags.CPM_DELETED, "2026-03-01T10:00:07Z");
        assertThat(copies(id)).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(CopyRepository.DELETED);
            assertThat(c.view().deletedByTag()).isTrue();
        });
        assertThat(store.backups().get(id).orElseThrow().deleted()).isNotNull();
        assertThat(messages(id)).anyMatch(m -> m.contains("tagged cpm_deleted=2026-03-01T10:00:07Z instead of deleted"));

        store.accounts().setAllowDeleting(noDelete, true);
        long second = backup(policy, "us-east-1", "vol-b");
        dr.backupEnded(second, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        dr.tick();
        String secondCopy = copies(second).get(0).view().awsId();
        new BackupDeletion(store, types, clouds, clock).deleteAll(store.backups().get(second).orElseThrow(), "Retention");
        assertThat(type.deleted).contains(secondCopy);
        assertThat(copies(second)).singleElement().satisfies(c -> assertThat(c.view().deletedByTag()).isFalse());
        List<String> tagged = new ArrayList<>();
        type.existing.forEach((k, v) -> {
            if (v.containsKey(HavenTags.CPM_DELETED)) {
                tagged.add(k);
            }
        });
        assertThat(tagged).containsExactly(copy);
    }
}
