package io.haven.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.DrSettings;
import io.haven.api.model.DrStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Policy;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyDeferredException;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.core.FakeTargetType;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.BackupRepository;
import io.haven.store.CopyRepository;
import io.haven.store.CopyRepository.StoredCopy;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DR engine's rules (guide 10.1-10.3), driven tick by tick with a fake type that copies in memory. */
class DisasterRecoveryTest {

    /** A type whose copies live in memory: pending for a number of checks, deferred on demand. */
    static class CopyingType extends FakeTargetType {
        final Map<String, Artifact> copies = new ConcurrentHashMap<>();
        final AtomicInteger copyIds = new AtomicInteger();
        final AtomicInteger copyCalls = new AtomicInteger();
        volatile int deferNext;
        volatile int pendingCopyPolls;
        private final Map<String, AtomicInteger> copyPolls = new ConcurrentHashMap<>();

        @Override
        public Optional<String> notCopiedBecause() {
            return Optional.empty();
        }

        @Override
        public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
            copyCalls.incrementAndGet();
            if (deferNext > 0) {
                deferNext--;
                throw new CopyDeferredException("ResourceLimitExceeded: too many snapshot copies in progress");
            }
            return make(destination.region(), artifact, request.tags());
        }

        Artifact make(String region, Artifact source, Map<String, String> tags) {
            String id = "copy-" + copyIds.incrementAndGet();
            existing.put(id, Map.copyOf(tags));
            Artifact copy = new Artifact(source.kind(), id, region, source.resourceId(),
                    Map.of(HavenTags.COPY_OF, source.id()));
            copies.put(id, copy);
            return copy;
        }

        @Override
        public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
            if (!copies.containsKey(artifact.id())) {
                return super.poll(ctx, artifact);
            }
            int count = copyPolls.computeIfAbsent(artifact.id(), k -> new AtomicInteger()).incrementAndGet();
            return count <= pendingCopyPolls ? ArtifactStatus.pending(10) : ArtifactStatus.completed();
        }

        @Override
        public List<Artifact> findCopies(CloudContext destination, String backupId) {
            return copies.values().stream().filter(c -> c.region().equals(destination.region())
                    && backupId.equals(existing.getOrDefault(c.id(), Map.of()).get(HavenTags.BACKUP_ID))).toList();
        }

        @Override
        public void delete(CloudContext ctx, Artifact artifact) {
            super.delete(ctx, artifact);
            copies.remove(artifact.id());
        }

        int inFlight() {
            return (int) copies.keySet().stream().filter(id -> copyPolls.getOrDefault(id, new AtomicInteger()).get()
                    <= pendingCopyPolls).count();
        }
    }

    private final CopyingType type = new CopyingType();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private HavenStore store;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path scripts;

    @BeforeEach
    void setUp() {
        types.addTargetType(type);
        store = TestStores.fresh();
    }

    private DisasterRecovery dr(int maxPerRegion) {
        return new DisasterRecovery(store, types, (account, region) -> TestStores.context(region), clock, maxPerRegion);
    }

    private Policy policy(String name, DrSettings settings) {
        long id = TestStores.policy(store, name, 10, 0);
        Policy policy = store.policies().get(id).orElseThrow();
        store.policies().update(id, policy.spec().withDr(settings));
        return store.policies().get(id).orElseThrow();
    }

    /** A backup that ended successfully with one completed artifact per volume, in the given region. */
    private long backup(Policy policy, String region, String... volumes) {
        long id = store.backups().start(policy.id(), policy.spec().accountId(), policy.spec().name(),
                BackupTrigger.MANUAL, 1, clock.instant()).orElseThrow();
        for (String volume : volumes) {
            Artifact a = type.createBehindTheEnginesBack(String.valueOf(id), volume);
            Artifact there = new Artifact(a.kind(), a.id(), region, a.resourceId(), a.details());
            store.backups().addArtifact(id, type.id(), there, clock.instant());
        }
        store.backups().artifacts(id).forEach(a -> store.backups().setArtifactState(a.id(), BackupRepository.COMPLETED,
                clock.instant()));
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", clock.instant());
        return id;
    }

    private DrStatus status(long id) {
        return store.backups().get(id).orElseThrow().drStatus();
    }

    private List<StoredCopy> copies(long id) {
        return store.copies().ofBackup(id);
    }

    private List<String> messages(long id) {
        return store.backups().logEntries(id).stream().map(LogEntry::message).toList();
    }

    @Test
    void copiesEachCompletedArtifactToEveryTargetRegionTaggedAndCompletes() {
        type.pendingCopyPolls = 1;
        Policy policy = policy("p", new DrSettings(true, 1, List.of("us-west-2", "eu-west-1"), 24));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b");
        DisasterRecovery dr = dr(20);

        assertThat(dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL)).isTrue();
        assertThat(status(id)).isEqualTo(DrStatus.IN_PROGRESS);
        assertThat(copies(id)).hasSize(4).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.WAITING));

        dr.tick();
        assertThat(copies(id)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.PENDING));
        assertThat(type.copies.values()).extracting(Artifact::region)
                .containsExactlyInAnyOrder("us-west-2", "us-west-2", "eu-west-1", "eu-west-1");
        assertThat(type.copies.keySet()).allSatisfy(copyId -> assertThat(type.existing.get(copyId))
                .containsEntry(HavenTags.BACKUP_ID, String.valueOf(id)).containsEntry(HavenTags.POLICY, "p")
                .containsKey(HavenTags.COPY_OF));
        dr.tick();
        assertThat(status(id)).isEqualTo(DrStatus.IN_PROGRESS);
        dr.tick();
        assertThat(copies(id)).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(CopyRepository.COMPLETED);
            assertThat(c.view().completed()).isNotNull();
            assertThat(c.view().sourceRegion()).isEqualTo("us-east-1");
        });
        assertThat(status(id)).isEqualTo(DrStatus.COMPLETED);
        assertThat(messages(id)).anyMatch(m -> m.startsWith("DR started: copying to us-west-2, eu-west-1"))
                .anyMatch(m -> m.startsWith("DR copy copy-1 of snap-"))
                .anyMatch(m -> m.equals("DR completed: 4 of 4 copies completed"));
    }

    /** Guide 10.3: what is already in a target region is not copied there. */
    @Test
    void mixedRegionPoliciesCopyOnlyWhatIsElsewhere() {
        Policy policy = policy("mixed", new DrSettings(true, 1, List.of("us-west-2", "us-east-1"), 24));
        long east = backup(policy, "us-east-1", "vol-a");
        dr(20).backupEnded(east, policy, BackupStatus.SUCCESSFUL);
        assertThat(copies(east)).singleElement().satisfies(c -> assertThat(c.view().region()).isEqualTo("us-west-2"));

        Policy onlyWest = policy("west", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long west = backup(onlyWest, "us-west-2", "vol-w");
        assertThat(dr(20).backupEnded(west, onlyWest, BackupStatus.SUCCESSFUL)).isFalse();
        assertThat(copies(west)).isEmpty();
        assertThat(status(west)).isEqualTo(DrStatus.COMPLETED);
        assertThat(messages(west)).anyMatch(m -> m.contains("1 artifacts are already in a target region"));
    }

    @Test
    void everyNthBackupIsCopiedAndTheOthersAreSkipped() {
        Policy policy = policy("every3", new DrSettings(true, 3, List.of("us-west-2"), 24));
        DisasterRecovery dr = dr(20);
        List<DrStatus> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long id = backup(policy, "us-east-1", "vol-a");
            dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
            seen.add(status(id));
        }
        assertThat(seen).containsExactly(DrStatus.IN_PROGRESS, DrStatus.SKIPPED, DrStatus.SKIPPED, DrStatus.IN_PROGRESS,
                DrStatus.SKIPPED, DrStatus.SKIPPED, DrStatus.IN_PROGRESS);
    }

    @Test
    void failedBackupsAndPoliciesWithoutDrHaveNoDr() {
        Policy with = policy("with", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long failed = backup(with, "us-east-1", "vol-a");
        assertThat(dr(20).backupEnded(failed, with, BackupStatus.FAILED)).isFalse();
        assertThat(status(failed)).isEqualTo(DrStatus.NONE);
        Policy without = policy("without", DrSettings.DISABLED);
        long plain = backup(without, "us-east-1", "vol-a");
        dr(20).backupEnded(plain, without, BackupStatus.SUCCESSFUL);
        assertThat(status(plain)).isEqualTo(DrStatus.NONE);
        assertThat(copies(plain)).isEmpty();
    }

    @Test
    void aTypeThatDoesNotCopySaysWhyInTheLog() {
        FakeTargetType plain = new FakeTargetType();
        TargetTypeRegistry only = new TargetTypeRegistry();
        only.addTargetType(plain);
        Policy policy = policy("plain", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long id = backup(policy, "us-east-1", "vol-a");
        new DisasterRecovery(store, only, (a, r) -> TestStores.context(r), clock, 20)
                .backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        assertThat(copies(id)).isEmpty();
        assertThat(status(id)).isEqualTo(DrStatus.COMPLETED);
        assertThat(messages(id)).contains("DR: Fake volume backups are not copied to other regions: the plugin does "
                + "not support disaster-recovery copies");
    }

    /** Guide 10.4.2: never more copies in flight per destination region than the bound, and at it while copies wait. */
    @Test
    void copiesInFlightPerRegionStayAtTheBoundWhileCopiesWait() {
        type.pendingCopyPolls = 1000;
        Policy policy = policy("bound", new DrSettings(true, 1, List.of("us-west-2", "eu-west-1"), 24));
        long first = backup(policy, "us-east-1", "vol-1", "vol-2", "vol-3");
        long second = backup(policy, "us-east-1", "vol-4", "vol-5");
        DisasterRecovery dr = dr(2);
        dr.backupEnded(first, policy, BackupStatus.SUCCESSFUL);
        dr.backupEnded(second, policy, BackupStatus.SUCCESSFUL);

        dr.tick();
        dr.tick();
        assertThat(store.copies().inFlight(policy.spec().accountId(), "us-west-2")).isEqualTo(2);
        assertThat(store.copies().inFlight(policy.spec().accountId(), "eu-west-1")).isEqualTo(2);
        assertThat(type.copies).hasSize(4);
        // the oldest wait first: both regions serve the first backup
        assertThat(copies(second)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.WAITING));

        for (int round = 0; round < 3; round++) {
            type.pendingCopyPolls = 0; // what is in flight completes
            dr.tick();
            type.pendingCopyPolls = 1000;
            for (String region : List.of("us-west-2", "eu-west-1")) {
                int inFlight = store.copies().inFlight(policy.spec().accountId(), region);
                assertThat(inFlight).isLessThanOrEqualTo(2);
                long waitingThere = store.copies().open().stream().filter(c -> c.view().region().equals(region)
                        && c.state().equals(CopyRepository.WAITING)).count();
                if (waitingThere > 0) {
                    assertThat(inFlight).isEqualTo(2);
                }
            }
        }
        type.pendingCopyPolls = 0;
        dr.tick();
        dr.tick();
        assertThat(status(first)).isEqualTo(DrStatus.COMPLETED);
        assertThat(status(second)).isEqualTo(DrStatus.COMPLETED);
        assertThat(type.copies).hasSize(10);
    }

    @Test
    void aDeferredCopyWaitsAndIsRetried() {
        Policy policy = policy("deferred", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b");
        DisasterRecovery dr = dr(20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        type.deferNext = 1;

        dr.tick();
        // the region refused: nothing else is tried there in this tick
        assertThat(type.copyCalls.get()).isEqualTo(1);
        assertThat(copies(id)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.WAITING));
        assertThat(copies(id).get(0).view().message()).contains("ResourceLimitExceeded");
        assertThat(messages(id)).anyMatch(m -> m.contains("deferred: ResourceLimitExceeded") && m.endsWith("tried again"));

        dr.tick();
        dr.tick();
        assertThat(copies(id)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.COMPLETED));
        assertThat(status(id)).isEqualTo(DrStatus.COMPLETED);
        assertThat(type.copies).hasSize(2);
    }

    @Test
    void copiesNotCompleteAtTheTimeoutTimeOutAndAreDeletedWithTheBackup() {
        type.pendingCopyPolls = 1000;
        Policy policy = policy("slow", new DrSettings(true, 1, List.of("us-west-2"), 2));
        long id = backup(policy, "us-east-1", "vol-a");
        DisasterRecovery dr = dr(20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        clock.advance(Duration.ofMinutes(119));
        dr.tick();
        assertThat(status(id)).isEqualTo(DrStatus.IN_PROGRESS);
        clock.advance(Duration.ofMinutes(1));
        dr.tick();
        assertThat(status(id)).isEqualTo(DrStatus.TIMED_OUT);
        assertThat(copies(id)).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(CopyRepository.TIMED_OUT));
        assertThat(messages(id)).anyMatch(m -> m.startsWith("DR timed out at 2026-03-01T12:00:00Z: 1 copies"));

        String copyId = copies(id).get(0).view().awsId();
        var deletion = new BackupDeletion(store, types, (a, r) -> TestStores.context(r), clock);
        deletion.deleteAll(store.backups().get(id).orElseThrow(), "Deleted on request");
        assertThat(type.deleted).contains(copyId);
        assertThat(copies(id)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.DELETED));
        assertThat(store.backups().get(id).orElseThrow().deleted()).isNotNull();
    }

    @Test
    void deletingABackupDeletesItsCopiesInEveryRegionAndCancelsWaitingOnes() {
        type.pendingCopyPolls = 1000;
        Policy policy = policy("gone", new DrSettings(true, 1, List.of("us-west-2", "eu-west-1"), 24));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b");
        DisasterRecovery dr = dr(1);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        dr.tick(); // one copy per region in flight, one waiting per region
        List<String> made = List.copyOf(type.copies.keySet());
        assertThat(made).hasSize(2);

        new BackupDeletion(store, types, (a, r) -> TestStores.context(r), clock)
                .deleteAll(store.backups().get(id).orElseThrow(), "Deleted on request");
        assertThat(type.deleted).containsAll(made);
        assertThat(type.copies).isEmpty();
        assertThat(copies(id)).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyRepository.DELETED));
        dr.tick(); // nothing is started for a deleted backup
        assertThat(type.copies).isEmpty();
        assertThat(store.backups().get(id).orElseThrow().deleted()).isNotNull();
        assertThat(status(id)).isEqualTo(DrStatus.FAILED);
        assertThat(messages(id)).contains("DR failed: 0 of 4 copies completed; 4 were cancelled when the backup was deleted");
    }

    /** A kill between the copy call and its record: the restart adopts the copy, and never makes a second. */
    @Test
    void aRestartAdoptsCopiesStartedButNotRecordedAndKeepsTheDeadline() {
        type.pendingCopyPolls = 1000;
        Policy policy = policy("killed", new DrSettings(true, 1, List.of("us-west-2"), 3));
        long id = backup(policy, "us-east-1", "vol-a", "vol-b");
        dr(20).backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        // Haven marked both copies STARTING, AWS made the first one, then Haven was killed
        List<StoredCopy> rows = copies(id);
        rows.forEach(c -> store.copies().starting(c.id()));
        Artifact source = store.backups().artifacts(id).stream().filter(a -> a.id() == rows.get(0).view().artifactId())
                .findFirst().orElseThrow().artifact();
        Artifact made = type.make("us-west-2", source, Map.of(HavenTags.BACKUP_ID, String.valueOf(id),
                HavenTags.COPY_OF, source.id()));

        DisasterRecovery restarted = dr(20);
        restarted.reconcile();
        assertThat(copies(id).get(0).state()).isEqualTo(CopyRepository.PENDING);
        assertThat(copies(id).get(0).view().awsId()).isEqualTo(made.id());
        assertThat(copies(id).get(1).state()).isEqualTo(CopyRepository.WAITING);
        assertThat(messages(id)).anyMatch(m -> m.equals("DR copy " + made.id() + " of " + source.id()
                + " in us-west-2 adopted after the restart"));

        restarted.tick();
        assertThat(type.copies).hasSize(2); // one per source, none twice
        assertThat(copies(id)).extracting(c -> c.view().awsId()).doesNotHaveDuplicates().doesNotContainNull();
        clock.advance(Duration.ofHours(3));
        restarted.tick();
        assertThat(status(id)).isEqualTo(DrStatus.TIMED_OUT);
    }

    @Test
    void aCopyFoundTwiceForOneSourceIsDeletedNotRecorded() {
        type.pendingCopyPolls = 1000;
        Policy policy = policy("twice", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long id = backup(policy, "us-east-1", "vol-a");
        DisasterRecovery dr = dr(20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        StoredCopy row = copies(id).get(0);
        store.copies().starting(row.id());
        Artifact source = store.backups().artifacts(id).get(0).artifact();
        Map<String, String> tags = Map.of(HavenTags.BACKUP_ID, String.valueOf(id), HavenTags.COPY_OF, source.id());
        type.make("us-west-2", source, tags);
        type.make("us-west-2", source, tags);

        dr.reconcile();
        assertThat(copies(id)).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(CopyRepository.PENDING));
        assertThat(type.copies).hasSize(1);
        assertThat(type.deleted).hasSize(1);
    }

    @Test
    void aCopyThatFailsToStartFailsTheDr() {
        Policy policy = policy("nokey", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long id = backup(policy, "us-east-1", "vol-a");
        CopyingType refusing = new CopyingType() {
            @Override
            public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact,
                                      CopyRequest request) {
                throw new IllegalStateException("No KMS key with alias alias/app in us-west-2");
            }
        };
        TargetTypeRegistry only = new TargetTypeRegistry();
        only.addTargetType(refusing);
        DisasterRecovery dr = new DisasterRecovery(store, only, (a, r) -> TestStores.context(r), clock, 20);
        dr.backupEnded(id, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        assertThat(copies(id)).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(CopyRepository.FAILED);
            assertThat(c.view().message()).contains("alias/app in us-west-2");
        });
        assertThat(status(id)).isEqualTo(DrStatus.FAILED);
    }

    @Test
    void failedDrsRaiseThePolicysDrAlertAtItsFailureCountAndACompletedDrClearsIt() {
        List<io.haven.api.model.Alert> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.haven.core.alert.Alerts alerts = new io.haven.core.alert.Alerts(store, clock, () -> new io.haven.core.alert.AlertListener() {
            @Override
            public void raised(io.haven.api.model.Alert alert) {
                told.add(alert);
            }

            @Override
            public void cleared(io.haven.api.model.Alert alert) {
                told.add(alert);
            }
        });
        Policy policy = policy("copied", new DrSettings(true, 1, List.of("us-west-2"), 2));
        store.policies().update(policy.id(), new io.haven.api.model.PolicySpec(policy.spec().name(),
                policy.spec().accountId(), null, true, 10, List.of(), 0, 0, policy.spec().autoRemoveTargets(),
                policy.spec().successCriterion(), 2, policy.spec().scripts(), policy.spec().dr()));
        policy = store.policies().get(policy.id()).orElseThrow();
        DisasterRecovery dr = new DisasterRecovery(store, types, (a, r) -> TestStores.context(r), clock, 20, alerts);
        type.pendingCopyPolls = 1000;

        long first = backup(policy, "us-east-1", "vol-a");
        dr.backupEnded(first, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        clock.advance(Duration.ofHours(2));
        dr.tick();
        assertThat(status(first)).isEqualTo(DrStatus.TIMED_OUT);
        assertThat(told).as("one failure of the two the policy waits for").isEmpty();

        long second = backup(policy, "us-east-1", "vol-a");
        dr.backupEnded(second, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        clock.advance(Duration.ofHours(2));
        dr.tick();
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.category()).isEqualTo(io.haven.api.model.AlertCategory.DR);
            assertThat(a.title()).isEqualTo("Policy copied DR Failure");
            assertThat(a.message()).contains("backup " + second + " timed out").contains("2 times in a row");
            assertThat(a.cleared()).isNull();
        });

        type.pendingCopyPolls = 0;
        long third = backup(policy, "us-east-1", "vol-a");
        dr.backupEnded(third, policy, BackupStatus.SUCCESSFUL);
        dr.tick();
        dr.tick();
        assertThat(status(third)).isEqualTo(DrStatus.COMPLETED);
        assertThat(told).hasSize(2);
        assertThat(told.get(1).cleared()).as("cleared by the completed DR").isNotNull();
    }

    @Test
    void aTickWhileTheCopiesArePlannedNeverConcludesTheDrWithNone() {
        Policy policy = policy("raced", new DrSettings(true, 1, List.of("us-west-2"), 24));
        long id = backup(policy, "us-east-1", "vol-a");
        DisasterRecovery[] dr = new DisasterRecovery[1];
        CopyingType racing = new CopyingType() {
            @Override
            public Optional<String> notCopiedBecause() {
                dr[0].tick(); // the DR queue's tick, as another thread or the lease holder makes it, mid-planning
                return Optional.empty();
            }
        };
        TargetTypeRegistry only = new TargetTypeRegistry();
        only.addTargetType(racing);
        dr[0] = new DisasterRecovery(store, only, (a, r) -> TestStores.context(r), clock, 20);

        dr[0].backupEnded(id, policy, BackupStatus.SUCCESSFUL);

        assertThat(status(id)).as("log: %s", messages(id)).isEqualTo(DrStatus.IN_PROGRESS);
        assertThat(copies(id)).hasSize(1);
        dr[0].tick();
        dr[0].tick();
        assertThat(status(id)).isEqualTo(DrStatus.COMPLETED);
        assertThat(messages(id)).contains("DR completed: 1 of 1 copies completed");
    }

    @Test
    void theEngineStartsDrWhenARunEnds() {
        Policy policy = policy("engine", new DrSettings(true, 1, List.of("us-west-2"), 24));
        store.policies().addTarget(policy.id(), new TargetSpec(type.id(), "us-east-1", "vol-a", Map.of()));
        var executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            BackupEngine engine = new BackupEngine(store, types, (a, r) -> TestStores.context(r), executor, Runnable::run,
                    java.time.Clock.systemUTC(), new io.haven.core.script.BackupScripts(scripts, java.time.Clock.systemUTC()), BackupEngine.Limits.defaults(Duration.ofMillis(20)));
            DisasterRecovery dr = dr(20);
            List<Long> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
            engine.onRunEnded((id, p, status) -> {
                dr.backupEnded(id, p, status);
                ended.add(id);
            });
            long id = engine.start(store.policies().get(policy.id()).orElseThrow(), BackupTrigger.MANUAL, 1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ended.contains(id));
            assertThat(status(id)).isEqualTo(DrStatus.IN_PROGRESS);
            assertThat(copies(id)).hasSize(1);
        } finally {
            executor.shutdownNow();
        }
    }
}
