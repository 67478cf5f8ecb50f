package io.haven.core.recovery;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryCredentials;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsAccessException;
import io.haven.aws.AwsClients;
import io.haven.aws.AwsIdentity;
import io.haven.aws.Credentials;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.account.AccountCredentials;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.security.SecretCipher;
import io.haven.store.BackupRepository;
import io.haven.store.CopyRepository;
import io.haven.store.HavenStore;
import io.haven.store.RecoveryRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryServiceImplTest {

    private final FakeTargetRecovery fake = new FakeTargetRecovery();
    private final RecoveryRegistry registry = new RecoveryRegistry();
    private final TargetTypeRegistry types = new TargetTypeRegistry();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ExecutorService starts = Executors.newCachedThreadPool();
    private final List<String> forgotten = new CopyOnWriteArrayList<>();
    /** The account (cache key) and region of each context made, in order. */
    private final List<String> contexts = new CopyOnWriteArrayList<>();
    private HavenStore store;
    private RecoveryServiceImpl recoveries;
    private long policyId;
    private long backupId;

    @TempDir
    Path keys;

    @BeforeEach
    void aBackupWithTwoCompletedVolumesAndAFailedOne() {
        registry.addRecovery(fake);
        store = TestStores.fresh();
        policyId = TestStores.policy(store, "web", 3, 0);
        long accountId = store.policies().get(policyId).orElseThrow().spec().accountId();
        backupId = store.backups().start(policyId, accountId, "web", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        artifact("snap-1", "vol-1", "fake-volume", BackupRepository.COMPLETED, Map.of("sizeGiB", "10"));
        artifact("snap-2", "vol-2", "fake-volume", BackupRepository.COMPLETED, Map.of());
        artifact("snap-3", "vol-3", "fake-volume", BackupRepository.FAILED, Map.of());
        artifact("tbl-1", "orders", "gone-plugin", BackupRepository.COMPLETED, Map.of());
        store.backups().finish(backupId, BackupStatus.PARTIALLY_SUCCESSFUL, "3 of 4", Instant.now());
        AccountCredentials credentials = new AccountCredentials(store, new FakeAwsClients(),
                new SecretCipher(keys.resolve("secrets.key")));
        recoveries = new RecoveryServiceImpl(store, registry, credentials, types, executor, starts, Clock.systemUTC(),
                Duration.ofMillis(50), Duration.ofMinutes(60));
    }

    @AfterEach
    void tearDown() {
        fake.gate.countDown();
        executor.shutdownNow();
        starts.shutdownNow();
    }

    @Test
    void thePanelOffersTheCompletedArtifactsWithTheirDefaultsAndNamesWhatCannotBeRecovered() {
        RecoveryPanel panel = recoveries.panel(ROOT, backupId);

        assertThat(panel.recoverables()).extracting(r -> r.key()).containsExactly("vol-1", "vol-2");
        assertThat(panel.recoverables().get(0).options().get(0).defaultValue()).isEqualTo("10");
        assertThat(panel.unavailable()).containsExactly("gone-plugin");
        assertThat(panel.backup().id()).isEqualTo(backupId);
    }

    @Test
    void fromADrRegionOnlyResourcesCopiedWholeAreOfferedWithTheOriginsRegionBoundDefaultsBlank() {
        copy("snap-1", "us-west-2", "snap-1-dr", CopyRepository.COMPLETED);
        copy("snap-2", "us-west-2", "snap-2-dr", CopyRepository.FAILED);
        copy("snap-2", "eu-west-1", "snap-2-eu", CopyRepository.PENDING);

        RecoveryPanel origin = recoveries.panel(ROOT, backupId);
        assertThat(origin.drRegions()).as("only where a copy completed").containsExactly("us-west-2");
        assertThat(origin.region()).isNull();
        assertThat(origin.recoverables().get(0).options()).filteredOn(o -> o.name().equals("zone")).singleElement()
                .satisfies(o -> assertThat(o.defaultValue()).isEqualTo("us-east-1a"));

        RecoveryPanel dr = recoveries.panel(ROOT, backupId, "us-west-2");
        assertThat(dr.region()).isEqualTo("us-west-2");
        assertThat(dr.recoverables()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("vol-1");
            assertThat(r.region()).isEqualTo("us-west-2");
            assertThat(r.artifacts()).extracting(Artifact::id).containsExactly("snap-1-dr");
            assertThat(r.options()).filteredOn(o -> o.name().equals("zone")).singleElement()
                    .satisfies(o -> {
                        assertThat(o.defaultValue()).as("blank in another region").isNull();
                        assertThat(o.lookup()).as("what finds its values stays").isEqualTo("zones");
                    });
            assertThat(r.options()).filteredOn(o -> o.name().equals("sizeGiB")).singleElement()
                    .satisfies(o -> assertThat(o.defaultValue()).as("kept: not bound to a region").isEqualTo("10"));
        });
        assertThatThrownBy(() -> recoveries.panel(ROOT, backupId, "eu-west-1")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no completed DR copy in 'eu-west-1'").extracting("field").isEqualTo("region");

        Recovery started = recoveries.start(ROOT, backupId, new io.haven.api.model.RecoveryRequest("vol-1",
                Map.of("zone", "us-west-2b"), null, "us-west-2"));
        assertThat(started.region()).isEqualTo("us-west-2");
        assertThat(awaitEnd(started.id()).status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
    }

    @Test
    void aRecoveryRecordsWhatItCreatesAndEndsWithASummary() {
        fake.pendingPolls = 2;
        Recovery started = recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of("sizeGiB", "20"), null));
        assertThat(started.status()).isEqualTo(RecoveryStatus.IN_PROGRESS);
        assertThat(started.choices()).containsEntry("sizeGiB", "20");

        Recovery done = awaitEnd(started.id());
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(done.message()).isEqualTo("created volume vol-new-1; removed ami ami-temp-1");
        assertThat(recoveries.resources(ROOT, done.id())).extracting(RecoveredItem::state)
                .containsExactly(RecoveryRepository.READY, RecoveryRepository.REMOVED);
        assertThat(recoveries.log(ROOT, done.id())).extracting(LogEntry::message)
                .anyMatch(m -> m.startsWith("Recovery of volume vol-1 started with sizeGiB=20"))
                .anyMatch(m -> m.equals("Attached nothing"))
                .anyMatch(m -> m.equals("volume vol-new-1 is ready"));
        assertThat(recoveries.list(ROOT, null, policyId, 10)).extracting(Recovery::id).containsExactly(done.id());
        assertThat(store.policies().get(policyId).orElseThrow().lastRecovered()).isEqualTo(done.started());
    }

    @Test
    void badChoicesAreRefusedNamingTheOptionAndNothingIsStarted() {
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of("sizeGiB", "5"), null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("sizeGiB");
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of("colour", "red"), null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("colour");
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, new RecoveryRequest("vol-3", Map.of(), null)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("vol-1, vol-2")
                .extracting("field").isEqualTo("key");
        assertThat(fake.started).isEmpty();
        assertThat(recoveries.list(ROOT, backupId, null, 10)).isEmpty();
    }

    @Test
    void aRecoveryThatFailsHalfWayReportsWhatItCreated() {
        Recovery done = awaitEnd(recoveries.start(ROOT, backupId,
                new RecoveryRequest("vol-2", Map.of("explode", "true"), null)).id());

        assertThat(done.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(done.message()).contains("AWS said no to the attachment")
                .contains("Created before that, and left for you to keep or delete: volume vol-new-1");
    }

    @Test
    void otherCredentialsMustBelongToTheSameAwsAccountAndAreForgottenAfterwards() {
        RecoveryRequest foreign = new RecoveryRequest("vol-1", Map.of(), new RecoveryCredentials("AKIAOTHER", "s"));
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, foreign))
                .isInstanceOf(ValidationException.class).hasMessageContaining("belong to AWS account 999999999999")
                .extracting("field").isEqualTo("credentials");
        RecoveryRequest refused = new RecoveryRequest("vol-1", Map.of(), new RecoveryCredentials("AKIABAD", "s"));
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, refused))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("credentials");
        assertThat(recoveries.list(ROOT, backupId, null, 10)).isEmpty();

        Recovery done = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of(),
                new RecoveryCredentials("AKIASAME", "s"))).id());
        assertThat(done.withOtherCredentials()).isTrue();
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        await().atMost(Duration.ofSeconds(5)).until(() -> forgotten.size() == 3);
    }

    @Test
    void recoveriesThatWaitInTheirPluginHoldUpNeitherPollingNorOtherRecoveries() {
        // More waiting starts than the polling pool has threads (2).
        fake.heldKeys.add("vol-1");
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of(), null)).id());
        }

        Recovery free = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-2", Map.of(), null)).id());

        assertThat(free.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(held).allSatisfy(id -> assertThat(recoveries.get(ROOT, id).status()).isEqualTo(RecoveryStatus.IN_PROGRESS));
        fake.gate.countDown();
        assertThat(held).allSatisfy(id -> assertThat(awaitEnd(id).status()).isEqualTo(RecoveryStatus.SUCCESSFUL));
    }

    @Test
    void backupsInProgressOrDeletedCannotBeRecoveredFrom() {
        store.backups().markDeleted(backupId, Instant.now());
        assertThatThrownBy(() -> recoveries.panel(ROOT, backupId)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("were deleted");
        long running = store.backups().start(policyId, 1L, "web", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        assertThatThrownBy(() -> recoveries.panel(ROOT, running)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("still in progress");
    }

    @Test
    void aRecoveryInterruptedByAStopIsPolledToItsEnd() {
        long id = store.recoveries().start(backupId, policyId, "web", "fake-volume", "volume", "vol-1", "us-east-1",
                Map.of(), false, Instant.now());
        store.recoveries().addResource(id, "volume", "vol-left", "us-east-1", RecoveryRepository.PENDING,
                Map.of("from", "vol-1"), Instant.now());
        store.recoveries().startReturned(id);

        new RecoveryEngine(store, registry, executor, starts, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMinutes(60))
                .resume(recovery -> java.util.Optional.of(() -> TestStores.context(recovery.region())),
                        RecoveryServiceImplTest::cannotRebuild);

        Recovery done = awaitEnd(id);
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(done.message()).isEqualTo("created volume vol-left");
        assertThat(recoveries.log(ROOT, id)).extracting(LogEntry::level).contains(LogEntry.Level.WARNING);
        assertThat(fake.events).as("a start that returned is only polled").isEmpty();
    }

    /**
     * Decision 0054: a recovery whose plugin start a stop cut short is rebuilt from its record (backup, key, choices)
     * and handed back to its plugin with what it had recorded; the start is not made again.
     */
    @Test
    void aRecoveryWhoseStartWasCutShortGoesOnThroughItsPlugin() {
        Recovery returned = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-2", Map.of(), null)).id());
        assertThat(store.recoveries().startRecord(returned.id()).orElseThrow().returned()).isTrue();
        fake.events.clear();
        long id = store.recoveries().start(backupId, policyId, "web", "fake-volume", "volume", "vol-1", "us-east-1",
                Map.of("sizeGiB", "12"), false, Instant.now());
        store.recoveries().addResource(id, "volume", "vol-half", "us-east-1", RecoveryRepository.PENDING,
                Map.of("from", "vol-1"), Instant.now());
        long removed = store.recoveries().addResource(id, "ami", "ami-gone", "us-east-1", RecoveryRepository.PENDING,
                Map.of("from", "x"), Instant.now());
        store.recoveries().setResourceState(removed, RecoveryRepository.REMOVED);

        recoveries.resume();

        Recovery done = awaitEnd(id);
        assertThat(fake.events).containsExactly("resume snap-1 with vol-half");
        assertThat(fake.resumed).containsExactly(Map.of("sizeGiB", "12"));
        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(done.message()).startsWith("created volume vol-half, volume vol-resumed-");
        assertThat(store.recoveries().startRecord(id).orElseThrow().returned()).isTrue();
        assertThat(recoveries.log(ROOT, id)).extracting(LogEntry::message)
                .anyMatch(m -> m.startsWith("Haven stopped while this recovery was creating resources; going on from"
                        + " the 1 recorded"));
    }

    /**
     * A plugin's client token for a step depends on nothing but the recovery's record (its id and start time), so a
     * start and its resumption after a restart get the same one (recovery SPI 1.5); other recoveries get others.
     */
    @Test
    void aRecoverysClientTokensComeFromItsRecordSoThatItsResumptionGetsTheSame() {
        long first = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-2", Map.of(), null)).id()).id();
        long cutShort = store.recoveries().start(backupId, policyId, "web", "fake-volume", "volume", "vol-1",
                "us-east-1", Map.of(), false, Instant.now());
        fake.tokens.clear();
        fake.refusedSteps.clear();
        recoveries.resume();
        awaitEnd(cutShort);
        String resumedToken = fake.tokens.get(0);
        fake.tokens.clear();
        fake.refusedSteps.clear();
        long again = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-2", Map.of(), null)).id()).id();

        assertThat(resumedToken).isEqualTo("haven-" + cutShort + "-"
                + store.recoveries().get(cutShort).orElseThrow().started().toEpochMilli() + "-create");
        assertThat(fake.tokens).containsExactly("haven-" + again + "-"
                + store.recoveries().get(again).orElseThrow().started().toEpochMilli() + "-create");
        assertThat(first).isNotEqualTo(again);
        assertThat(resumedToken.length()).isLessThanOrEqualTo(64);
        assertThat(fake.refusedSteps).singleElement().asString().contains("1 to 20 letters, digits and dashes");
    }

    /**
     * Decision 0054: starts from DR copies (in another region, in a DR account) that a stop cut short, their plugin
     * still waiting, are rebuilt from the same copies and handed back to the plugin.
     */
    @Test
    void cutShortStartsFromDrCopiesAreRebuiltFromTheSameCopies() {
        long vault = store.accounts().insert(new io.haven.api.model.Account(0, "vault",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "210987654321", null, null, null, null, null, null,
                Instant.now(), false, io.haven.api.model.AccountType.DR, true), null).id();
        copy("snap-1", "us-west-2", "snap-1-dr", CopyRepository.COMPLETED);
        copyIn(vault, "snap-1", "us-east-1", "snap-1-vault");
        fake.heldKeys.add("vol-1");
        long fromRegion = recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of(), null, "us-west-2"))
                .id();
        long fromVault = recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1", Map.of(), null, null, vault))
                .id();
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.events.size() == 2);

        recoveries.resume();

        assertThat(awaitEnd(fromRegion).status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(awaitEnd(fromVault).status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(fake.events).containsExactlyInAnyOrder("start snap-1-dr", "start snap-1-vault",
                "resume snap-1-dr with ", "resume snap-1-vault with ");
    }

    /** Decision 0054: a cut-short start that cannot be rebuilt (its backup's artifacts went) fails, naming what exists. */
    @Test
    void aCutShortStartThatCannotBeRebuiltFailsNamingWhatWasCreated() {
        long id = store.recoveries().start(backupId, policyId, "web", "fake-volume", "volume", "vol-9", "us-east-1",
                Map.of(), false, Instant.now());
        store.recoveries().addResource(id, "volume", "vol-half", "us-east-1", RecoveryRepository.PENDING,
                Map.of("from", "vol-9"), Instant.now());

        recoveries.resume();

        Recovery done = awaitEnd(id);
        assertThat(fake.events).isEmpty();
        assertThat(done.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(done.message()).contains("could not go on").contains("vol-9")
                .endsWith("left for you to keep or delete: volume vol-half");
    }

    @Test
    void aResourceWhoseStateCannotBeCheckedFailsTheRecoveryAfterTheLimit() {
        long id = store.recoveries().start(backupId, policyId, "web", "fake-volume", "volume", "vol-1", "us-east-1",
                Map.of(), false, Instant.now());
        store.recoveries().addResource(id, "volume", "vol-locked", "us-east-1", RecoveryRepository.PENDING,
                Map.of("from", "vol-1"), Instant.now());
        store.recoveries().startReturned(id);
        fake.unreachable.add("vol-locked");
        MutableClock clock = new MutableClock(Instant.now());

        new RecoveryEngine(store, registry, executor, starts, clock, Duration.ofMillis(50), Duration.ofMinutes(60))
                .resume(recovery -> java.util.Optional.of(() -> TestStores.context(recovery.region())),
                        RecoveryServiceImplTest::cannotRebuild);
        await().atMost(Duration.ofSeconds(10)).until(() -> recoveries.log(ROOT, id).stream()
                .anyMatch(e -> e.message().startsWith("Could not check volume vol-locked")));
        assertThat(recoveries.get(ROOT, id).status()).isEqualTo(RecoveryStatus.IN_PROGRESS);

        clock.advance(Duration.ofMinutes(60));

        assertThat(awaitEnd(id).status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(recoveries.log(ROOT, id)).extracting(LogEntry::message)
                .anyMatch(m -> m.contains("vol-locked failed: its state could not be checked for 60 min"));
    }

    /** Guide 11.5: the copies in a DR account are a panel of their own, recovered in that account. */
    @Test
    void fromADrAccountItsCopiesAreOfferedAndRecoveredThereEvenWhenTheOriginalsWent() {
        long vault = store.accounts().insert(new io.haven.api.model.Account(0, "vault",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "210987654321", null, null, null, null, null, null,
                Instant.now(), false, io.haven.api.model.AccountType.DR, true), null).id();
        copy("snap-1", "us-west-2", "snap-1-dr", CopyRepository.COMPLETED); // in the backup's account
        copyIn(vault, "snap-1", "us-east-1", "snap-1-vault");
        copyIn(vault, "snap-2", "us-east-1", "snap-2-vault");

        RecoveryPanel origin = recoveries.panel(ROOT, backupId);
        assertThat(origin.drRegions()).containsExactly("us-west-2");
        assertThat(origin.drAccountId()).isEqualTo(vault);
        assertThat(origin.drAccountRegions()).containsExactly("us-east-1");
        RecoveryPanel inVault = recoveries.panel(ROOT, backupId, null, vault);
        assertThat(inVault.region()).isEqualTo("us-east-1");
        assertThat(inVault.recoverables()).extracting(r -> r.key()).containsExactly("vol-1", "vol-2");
        assertThat(inVault.recoverables()).flatExtracting(r -> r.artifacts()).extracting(Artifact::id)
                .containsExactly("snap-1-vault", "snap-2-vault");
        assertThatThrownBy(() -> recoveries.panel(ROOT, backupId, null, store.backups().accountId(backupId).orElseThrow()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("drAccountId");
        assertThatThrownBy(() -> recoveries.panel(ROOT, backupId, "us-west-2", vault))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");

        // keep originals = no: snap-2 went, its copy stands in for it in the DR account's panel only
        var snap2 = store.backups().artifacts(backupId).stream().filter(a -> a.artifact().id().equals("snap-2"))
                .findFirst().orElseThrow();
        store.backups().setArtifactState(snap2.id(), BackupRepository.DELETED, Instant.now());
        store.copies().ofBackup(backupId).stream().filter(c -> c.view().artifactId() == snap2.id())
                .forEach(c -> store.copies().replacesSource(c.id()));
        assertThat(recoveries.panel(ROOT, backupId).recoverables()).extracting(r -> r.key()).containsExactly("vol-1");
        assertThat(recoveries.panel(ROOT, backupId, null, vault).recoverables()).extracting(r -> r.key())
                .containsExactly("vol-1", "vol-2");

        Recovery started = recoveries.start(ROOT, backupId, new RecoveryRequest("vol-2", Map.of(), null, null, vault));
        assertThat(started.region()).isEqualTo("us-east-1");
        assertThat(store.recoveries().accountOf(started.id())).contains(vault);
    }

    /**
     * Guide 10.5, 11.5: recovery in another account of the user. The artifacts' account shares each artifact with it
     * through its type before the plugin runs, and the plugin recovers from the artifact as the target names it.
     */
    @Test
    void inAnotherAccountTheArtifactsAreSharedWithItFirstAndRecoveredThere() {
        long staging = account("staging", "222222222222", io.haven.api.model.AccountType.BACKUP);
        long vault = account("vault", "210987654321", io.haven.api.model.AccountType.DR);
        account("same-aws", "123456789012", io.haven.api.model.AccountType.BACKUP);

        RecoveryPanel origin = recoveries.panel(ROOT, backupId);
        assertThat(origin.targetAccountId()).isNull();
        assertThat(origin.targetAccounts()).as("backup accounts in another AWS account only")
                .extracting(io.haven.api.model.AccountChoice::id).containsExactly(staging);
        RecoveryPanel there = recoveries.panel(ROOT, backupId, null, null, staging);
        assertThat(there.targetAccountId()).isEqualTo(staging);
        assertThat(there.recoverables().get(0).options()).filteredOn(o -> o.name().equals("zone")).singleElement()
                .satisfies(o -> assertThat(o.defaultValue()).as("zones are named per account").isNull());
        assertThat(there.recoverables().get(0).notes()).as("no installed type shares yet")
                .anyMatch(n -> n.startsWith("Cannot be recovered in account 'staging'"));
        assertThatThrownBy(() -> recoveries.panel(ROOT, backupId, null, null, vault))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is a DR account")
                .extracting("field").isEqualTo("targetAccountId");

        RecoveryRequest toStaging = new RecoveryRequest("vol-1", Map.of("zone", "us-east-1b"), null, null, null,
                staging);
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, toStaging)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no installed plugin serves type fake-volume")
                .extracting("field").isEqualTo("targetAccountId");
        types.addTargetType(new io.haven.core.FakeTargetType());
        assertThatThrownBy(() -> recoveries.start(ROOT, backupId, toStaging)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not copied to other accounts").extracting("field").isEqualTo("targetAccountId");
        assertThat(recoveries.list(ROOT, backupId, null, 10)).as("nothing recorded").isEmpty();

        SharingType sharing = new SharingType();
        types.addTargetType(sharing);
        Recovery done = awaitEnd(recoveries.start(ROOT, backupId, toStaging).id());

        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(fake.events).as("shared before the plugin creates anything, recovered from the shared name")
                .containsExactly("share snap-1 with 222222222222", "start shared:snap-1");
        assertThat(store.recoveries().accountOf(done.id())).contains(staging);
        assertThat(recoveries.log(ROOT, done.id())).extracting(LogEntry::message)
                .anyMatch(m -> m.startsWith("Shared snapshot snap-1 of account '") && m.contains("(AWS 123456789012) "
                        + "with account 'staging' (AWS 222222222222) in us-east-1; recovered there from shared:snap-1"));

        sharing.refuse = true;
        Recovery refused = awaitEnd(recoveries.start(ROOT, backupId, toStaging).id());
        assertThat(refused.status()).isEqualTo(RecoveryStatus.FAILED);
        assertThat(refused.message()).contains("Failed before creating resources: AccessDenied").contains("Nothing was created");
        assertThat(fake.events).as("the plugin did not run").hasSize(2);
    }

    /** Issue 11: originals not kept, the DR account's copy is shared back and recovered in the backup's account. */
    @Test
    void aDrAccountsCopyIsSharedBackAndRecoveredInTheBackupsAccount() {
        long vault = account("vault", "210987654321", io.haven.api.model.AccountType.DR);
        copyIn(vault, "snap-1", "us-east-1", "snap-1-vault");
        types.addTargetType(new SharingType());
        long backupAccount = store.backups().accountId(backupId).orElseThrow();

        RecoveryPanel inVault = recoveries.panel(ROOT, backupId, null, vault);
        assertThat(inVault.targetAccounts()).extracting(io.haven.api.model.AccountChoice::id).contains(backupAccount);
        Recovery done = awaitEnd(recoveries.start(ROOT, backupId, new RecoveryRequest("vol-1",
                Map.of("zone", "us-east-1a"), null, null, vault, backupAccount)).id());

        assertThat(done.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(fake.events).containsExactly("share snap-1-vault with 123456789012", "start shared:snap-1-vault");
        assertThat(store.recoveries().accountOf(done.id())).as("the backup's own account").isEmpty();
    }

    /**
     * Guide 9.2.3 with 10.5 and 11.5: the AMI assistant searches the account the recovery runs in (a DR account, or
     * another account the artifacts are shared with), matching the backup's recorded image, and refuses an account
     * exactly as the panel does, naming the field.
     */
    @Test
    void theAmiAssistantSearchesTheAccountTheRecoveryRunsIn() {
        long vault = account("vault", "210987654321", io.haven.api.model.AccountType.DR);
        long staging = account("staging", "222222222222", io.haven.api.model.AccountType.BACKUP);
        long backupAccount = store.backups().accountId(backupId).orElseThrow();
        long alice = store.users().insert("alice", "x", false);
        long hers = store.accounts().insert(alice, new io.haven.api.model.Account(0, "hers",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "333333333333", null, null, null, null, null, null,
                Instant.now(), false, io.haven.api.model.AccountType.BACKUP, true), null).id();
        copyIn(vault, "snap-1", "us-west-2", "snap-1-vault");
        RecordingAssistant assistant = new RecordingAssistant();
        registry.setAmiAssistant(assistant);

        assertThat(searched(() -> recoveries.searchImages(ROOT, backupId, "vol-1", "eu-west-1", false)))
                .as("the backup's account, in the region asked for").isEqualTo("account:" + backupAccount + " eu-west-1");
        assertThat(searched(() -> recoveries.searchImages(ROOT, backupId, "vol-1", null, vault, null, false)))
                .as("the DR account, where its copies are").isEqualTo("account:" + vault + " us-west-2");
        assertThat(assistant.recordedFrom).as("the backup's record, as its copies carry it").containsExactly("snap-1-vault");
        assertThat(searched(() -> recoveries.searchImages(ROOT, backupId, "vol-1", "eu-west-1", null, staging, true)))
                .isEqualTo("account:" + staging + " eu-west-1");
        assertThat(assistant.exactOnly).isTrue();
        assertThat(searched(() -> recoveries.searchImages(ROOT, backupId, "vol-1", "us-west-2", vault, backupAccount,
                false))).as("a DR account's copy shared back").isEqualTo("account:" + backupAccount + " us-west-2");

        contexts.clear();
        assertThatThrownBy(() -> recoveries.searchImages(ROOT, backupId, "vol-1", null, null, hers, false))
                .as("an account outside the caller's world").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("targetAccountId");
        assertThatThrownBy(() -> recoveries.searchImages(ROOT, backupId, "vol-1", null, null, vault, false))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("targetAccountId");
        assertThatThrownBy(() -> recoveries.searchImages(ROOT, backupId, "vol-1", null, hers, null, false))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("drAccountId");
        assertThatThrownBy(() -> recoveries.searchImages(ROOT, backupId, "vol-1", "eu-west-1", vault, null, false))
                .as("no copy of the DR account there").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("region");
        assertThatThrownBy(() -> recoveries.searchImages(ROOT, backupId, "vol-1", "moon-1", null, staging, false))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");
        assertThat(contexts).as("nothing searched").isEmpty();
    }

    /**
     * Issue 11: the original AMI's record is read from the artifacts of the panel the search uses. With "keep original
     * snapshots" = no, the DR account's copies hold the only record; the accounts are refused as the search refuses
     * them, naming the field, before anything is read.
     */
    @Test
    void theRecordedImageIsReadWhereTheRecoveryRunsEvenWhenOnlyTheDrAccountsCopiesAreLeft() {
        long vault = account("vault", "210987654321", io.haven.api.model.AccountType.DR);
        long staging = account("staging", "222222222222", io.haven.api.model.AccountType.BACKUP);
        long alice = store.users().insert("alice", "x", false);
        long hers = store.accounts().insert(alice, new io.haven.api.model.Account(0, "hers",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "333333333333", null, null, null, null, null, null,
                Instant.now(), false, io.haven.api.model.AccountType.BACKUP, true), null).id();
        copyIn(vault, "snap-1", "us-west-2", "snap-1-vault");
        dropOriginal("snap-1");
        RecordingAssistant assistant = new RecordingAssistant();
        registry.setAmiAssistant(assistant);

        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-1"))
                .as("the backup's own artifact is gone").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("key");
        assertThat(recoveries.recordedImage(ROOT, backupId, "vol-1", null, vault, null))
                .containsEntry("id", "ami-original");
        assertThat(assistant.recordedFrom).as("the DR account's copy").containsExactly("snap-1-vault");
        assistant.recordedFrom = List.of();
        assertThat(recoveries.recordedImage(ROOT, backupId, "vol-1", "us-west-2", vault, staging)).isNotEmpty();
        assertThat(assistant.recordedFrom).as("the copy shared into another account").containsExactly("snap-1-vault");
        assertThat(recoveries.recordedImage(ROOT, backupId, "vol-2", "eu-west-1", null, staging)).isNotEmpty();
        assertThat(assistant.recordedFrom).as("the backup's own, shared into another account").containsExactly("snap-2");
        assertThat(recoveries.recordedImage(ROOT, backupId, "vol-2")).as("the older call reads the backup's own")
                .isNotEmpty();

        assistant.recordedFrom = List.of();
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-1", null, hers, null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("drAccountId");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-1", null, staging, null))
                .as("no copy in that account").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("drAccountId");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-1", null, vault, hers))
                .as("an account outside the caller's world").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("targetAccountId");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-2", null, null, vault))
                .as("a DR account holds copies only").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("targetAccountId");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-1", "eu-west-1", vault, null))
                .as("no copy of the DR account there").isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("region");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-2", "moon-1", null, staging))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("region");
        assertThatThrownBy(() -> recoveries.recordedImage(ROOT, backupId, "vol-9", null, vault, null))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("key");
        assertThat(assistant.recordedFrom).as("nothing read").isEmpty();
        assertThat(contexts).as("nothing asked of AWS").isEmpty();
    }

    /** "Keep original snapshots" = no (guide 11): the original is deleted and its DR-account copy stands in for it. */
    private void dropOriginal(String sourceId) {
        long artifactId = store.backups().artifacts(backupId).stream().filter(a -> a.artifact().id().equals(sourceId))
                .findFirst().orElseThrow().id();
        store.backups().setArtifactState(artifactId, BackupRepository.DELETED, Instant.now());
        store.copies().ofBackup(backupId).stream().filter(c -> c.view().artifactId() == artifactId && c.crossAccount())
                .forEach(c -> store.copies().replacesSource(c.id()));
    }

    /** For engines resuming only starts that returned: one cut short would fail, as it cannot be rebuilt. */
    private static RecoveryEngine.Restart cannotRebuild(Recovery recovery) {
        throw new IllegalStateException("the recovery cannot be rebuilt");
    }

    /** The account and region of the one search {@code search} made. */
    private String searched(Runnable search) {
        contexts.clear();
        search.run();
        assertThat(contexts).hasSize(1);
        return contexts.get(0);
    }

    /** The record of an image is the first artifact's id; one image found wherever it searches. */
    private static final class RecordingAssistant implements io.haven.api.recovery.AmiAssistant {
        volatile List<String> recordedFrom = List.of();
        volatile boolean exactOnly;

        @Override
        public Map<String, String> recordedImage(List<Artifact> instanceArtifacts) {
            recordedFrom = instanceArtifacts.stream().map(Artifact::id).toList();
            return Map.of("id", "ami-original");
        }

        @Override
        public List<io.haven.api.target.Resource> search(CloudContext ctx, Map<String, String> recordedImage,
                                                        boolean exactOnly) {
            this.exactOnly = exactOnly;
            return List.of(new io.haven.api.target.Resource("ami", "ami-found", ctx.region(), "found", Map.of(),
                    Map.of("match", "similar")));
        }
    }

    private long account(String name, String awsAccountId, io.haven.api.model.AccountType type) {
        return store.accounts().insert(new io.haven.api.model.Account(0, name,
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, awsAccountId, null, null, null, null, null, null,
                Instant.now(), false, type, true), null).id();
    }

    /** Shares as EBS does and names a shared artifact differently, as RDS does (its ARN). */
    private final class SharingType extends io.haven.core.FakeTargetType {
        volatile boolean refuse;

        @Override
        public java.util.Optional<String> notSharedBecause() {
            return java.util.Optional.empty();
        }

        @Override
        public void share(CloudContext source, Artifact artifact, String awsAccountId) {
            if (refuse) {
                throw new IllegalStateException("AccessDenied: not authorized to perform ModifySnapshotAttribute");
            }
            fake.events.add("share " + artifact.id() + " with " + awsAccountId);
        }

        @Override
        public Artifact sharedAs(CloudContext source, Artifact artifact) {
            return new Artifact(artifact.kind(), "shared:" + artifact.id(), artifact.region(), artifact.resourceId(),
                    artifact.details());
        }
    }

    private void copyIn(long account, String sourceId, String region, String copyId) {
        var source = store.backups().artifacts(backupId).stream().filter(a -> a.artifact().id().equals(sourceId))
                .findFirst().orElseThrow();
        store.copies().plan(backupId, store.backups().accountId(backupId).orElseThrow(), List.of(
                new CopyRepository.Planned(source.id(), "fake-volume", "snapshot", sourceId, "us-east-1", region,
                        account)), Instant.now());
        long copyRow = store.copies().ofBackup(backupId).stream().filter(c -> c.view().artifactId() == source.id()
                && c.accountId() == account && c.view().region().equals(region)).findFirst().orElseThrow().id();
        store.copies().starting(copyRow);
        store.copies().started(copyRow, new Artifact("snapshot", copyId, region, source.artifact().resourceId(),
                source.artifact().details()));
        store.copies().setState(copyRow, CopyRepository.COMPLETED, null, Instant.now());
    }

    private void artifact(String id, String resource, String type, String state, Map<String, String> details) {
        store.backups().addArtifact(backupId, type, new Artifact("snapshot", id, "us-east-1", resource, details),
                Instant.now());
        long artifactId = store.backups().artifacts(backupId).stream().filter(a -> a.artifact().id().equals(id))
                .findFirst().orElseThrow().id();
        store.backups().setArtifactState(artifactId, state, Instant.now());
    }

    /** A DR copy of the artifact {@code sourceId} in {@code region}, in the given state. */
    private void copy(String sourceId, String region, String copyId, String state) {
        var source = store.backups().artifacts(backupId).stream().filter(a -> a.artifact().id().equals(sourceId))
                .findFirst().orElseThrow();
        long accountId = store.backups().accountId(backupId).orElseThrow();
        store.copies().plan(backupId, accountId, List.of(new CopyRepository.Planned(source.id(), "fake-volume",
                "snapshot", sourceId, "us-east-1", region)), Instant.now());
        long copyRow = store.copies().ofBackup(backupId).stream().filter(c -> c.view().artifactId() == source.id()
                && c.view().region().equals(region)).findFirst().orElseThrow().id();
        store.copies().starting(copyRow);
        store.copies().started(copyRow, new Artifact("snapshot", copyId, region, source.artifact().resourceId(),
                source.artifact().details()));
        store.copies().setState(copyRow, state, null, Instant.now());
    }

    private Recovery awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> recoveries.get(ROOT, id).status() != RecoveryStatus.IN_PROGRESS);
        return recoveries.get(ROOT, id);
    }

    /** AWS as far as accounts go: which account each access key belongs to. */
    private final class FakeAwsClients implements AwsClients {
        @Override
        public CloudContext context(AwsIdentity identity, String region) {
            contexts.add(identity.cacheKey() + " " + region);
            return TestStores.context(region);
        }

        @Override
        public String verify(AwsIdentity identity, String region) {
            String key = ((Credentials.StaticKeys) identity.credentials()).accessKeyId();
            return switch (key) {
                case "AKIASAME" -> "123456789012";
                case "AKIAOTHER" -> "999999999999";
                default -> throw new AwsAccessException("The security token included in the request is invalid", null);
            };
        }

        @Override
        public void forget(String cacheKey) {
            forgotten.add(cacheKey);
        }
    }
}
