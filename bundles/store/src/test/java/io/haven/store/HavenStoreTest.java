package io.haven.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Delivery;
import io.haven.api.model.Backup;
import io.haven.api.model.Frozen;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.LogEntry;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.User;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserType;
import io.haven.api.target.Artifact;
import io.haven.api.target.TargetSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store must do on every supported database; {@link DerbyStoreTest} and
 * {@link PostgresStoreTest} run it on Derby and on PostgreSQL.
 */
abstract class HavenStoreTest {

    private DataSource dataSource;
    private HavenStore store;

    /** A data source on an empty database. */
    abstract DataSource freshDataSource();

    /**
     * A data source on a database of its own that already holds the current schema: a copy of one that a store
     * migrated, made once per class, as migrating every test's database from empty costs about a second.
     */
    abstract DataSource migratedDataSource();

    @BeforeEach
    void freshDatabase() {
        dataSource = migratedDataSource();
        store = new HavenStore(dataSource);
    }

    @Test
    void aDueTimeOfAPolicyStartsOneRunWhoeverTriesItAndTheSchedulersProgressIsKept() throws Exception {
        long policyId = policy("due");
        Instant due = Instant.ofEpochMilli(3_600_000);
        BackupRepository.ScheduledStart first = startScheduled(policyId, due, due);
        assertThat(first.outcome()).isEqualTo(BackupRepository.ScheduledOutcome.STARTED);
        assertThat(store.backups().get(first.id()).orElseThrow().trigger()).isEqualTo(BackupTrigger.SCHEDULE);
        // The same due time again, even once the run has ended: a restart or another node must not start it twice.
        store.backups().finish(first.id(), BackupStatus.SUCCESSFUL, "ok", due.plusSeconds(60));
        assertThat(startScheduled(policyId, due, due.plusSeconds(90)).outcome())
                .isEqualTo(BackupRepository.ScheduledOutcome.ALREADY_STARTED);
        // The next due time starts, unless a run is in progress.
        long manual = store.backups().start(policyId, 1L, "due", BackupTrigger.MANUAL, 1, due.plusSeconds(100))
                .orElseThrow();
        Instant next = due.plusSeconds(3600);
        assertThat(startScheduled(policyId, next, next).outcome())
                .isEqualTo(BackupRepository.ScheduledOutcome.IN_PROGRESS);
        store.backups().finish(manual, BackupStatus.SUCCESSFUL, "ok", next);

        // Racers for one due time: the unique key lets exactly one of them record it.
        Instant raced = next.plusSeconds(3600);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<BackupRepository.ScheduledOutcome>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(pool.submit(() -> {
                go.await();
                return startScheduled(policyId, raced, raced).outcome();
            }));
        }
        go.countDown();
        List<BackupRepository.ScheduledOutcome> outcomes = new java.util.ArrayList<>();
        for (var racer : racers) {
            outcomes.add(racer.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsOnlyOnce(BackupRepository.ScheduledOutcome.STARTED);
        assertThat(store.backups().list(new BackupQuery(policyId, null, null, true, 0, 10)).items()).hasSize(3);

        // Many policies in one transaction, each with its own outcome and its first log line.
        long other = policy("other");
        Instant later = raced.plusSeconds(3600);
        List<BackupRepository.ScheduledStart> batch = store.backups().startScheduled(List.of(
                new BackupRepository.DueRun(policyId, 1L, "due", raced), new BackupRepository.DueRun(other, 1L, "other", later),
                new BackupRepository.DueRun(policyId, 1L, "due", later)), later, run -> "due at " + run.dueAt());
        assertThat(batch).extracting(BackupRepository.ScheduledStart::outcome).containsExactly(
                BackupRepository.ScheduledOutcome.ALREADY_STARTED, BackupRepository.ScheduledOutcome.STARTED,
                BackupRepository.ScheduledOutcome.IN_PROGRESS);
        assertThat(store.backups().logEntries(batch.get(1).id())).extracting(LogEntry::message)
                .containsExactly("due at " + later);

        // More than a transaction's hundred: every outcome in the order given.
        List<BackupRepository.DueRun> many = new java.util.ArrayList<>();
        long accountId = store.policies().get(policyId).orElseThrow().spec().accountId();
        for (int i = 0; i < 130; i++) {
            many.add(new BackupRepository.DueRun(store.policies().insert(new PolicySpec("many" + i, accountId, null, true, 3,
                    List.of(), 0, 0)), accountId, "many" + i, later));
        }
        List<BackupRepository.ScheduledStart> manyStarted = store.backups().startScheduled(many, later, run -> "due");
        assertThat(manyStarted).hasSize(130).allSatisfy(o ->
                assertThat(o.outcome()).isEqualTo(BackupRepository.ScheduledOutcome.STARTED));
        for (int i = 0; i < 130; i++) {
            assertThat(store.backups().get(manyStarted.get(i).id()).orElseThrow().policyId())
                    .isEqualTo(many.get(i).policyId());
        }

        assertThat(store.schedules().checkedUntil()).isEmpty();
        store.schedules().checkedUntil(due);
        store.schedules().checkedUntil(next);
        assertThat(store.schedules().checkedUntil()).contains(next);
    }

    @Test
    void eachRunIsCarriedByOneNodeAndExactlyOneOfTheNodesTakingOverADeadNodesRunGetsIt() throws Exception {
        long policyId = policy("noded");
        Instant t0 = Instant.ofEpochMilli(10_000_000);
        store.nodes().beat("a", t0);
        store.nodes().beat("b", t0);
        store.nodes().beat("b", t0.plusSeconds(40));
        assertThat(store.nodes().alive(t0.plusSeconds(10))).containsExactly("b");
        assertThat(store.nodes().silent(t0.plusSeconds(10))).containsExactly("a");

        long carried = store.backups().start(policyId, 1L, "noded", BackupTrigger.MANUAL, 1, t0, "a").orElseThrow();
        long legacy = store.backups().start(policy("legacy"), 1L, "legacy", BackupTrigger.MANUAL, 1, t0).orElseThrow();
        long scheduled = store.backups().startScheduled(List.of(new BackupRepository.DueRun(policy("shared"), 1L,
                "shared", t0, "b")), t0, run -> "due").get(0).id();
        long retried = store.backups().start(policy("retried"), 1L, "retried", BackupTrigger.MANUAL, 1, t0, "a")
                .orElseThrow();
        store.backups().finish(retried, BackupStatus.FAILED, "no", t0);
        store.backups().scheduleRetry(retried, t0.plusSeconds(600));
        assertThat(store.backups().inProgressOf("a")).containsExactly(carried);
        assertThat(store.backups().inProgressOf("b")).containsExactly(scheduled);
        assertThat(store.backups().inProgressOf(null)).containsExactly(legacy);
        assertThat(store.backups().workOf("a")).containsExactly(carried, retried);
        assertThat(store.backups().dueRetry(retried)).hasValueSatisfying(r -> assertThat(r.at()).isEqualTo(t0.plusSeconds(600)));
        assertThat(store.backups().dueRetry(carried)).isEmpty();

        // Four nodes take node a's run over at once: the conditional update gives it to exactly one.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String racer = "racer" + i;
            racers.add(pool.submit(() -> {
                go.await();
                return store.backups().claim(carried, "a", racer);
            }));
        }
        go.countDown();
        List<Boolean> won = new java.util.ArrayList<>();
        for (var racer : racers) {
            won.add(racer.get());
        }
        pool.shutdown();
        assertThat(won).containsOnlyOnce(true);
        String winner = "racer" + won.indexOf(true);
        assertThat(store.backups().carriedBy(carried, winner)).isTrue();
        assertThat(store.backups().carriedBy(carried, "a")).isFalse();
        assertThat(store.backups().claim(legacy, null, "b")).isTrue();
        assertThat(store.backups().claim(legacy, null, "a")).isFalse();

        // A dead node is forgotten only while it stays silent.
        store.nodes().forget("b", t0.plusSeconds(10));
        assertThat(store.nodes().alive(t0)).containsExactly("a", "b");
        store.nodes().forget("a", t0.plusSeconds(10));
        assertThat(store.nodes().alive(t0)).containsExactly("b");
    }

    @Test
    void aLeaseIsHeldByOneNodeUntilItExpiresOrIsGivenUp() {
        Instant t0 = Instant.ofEpochMilli(20_000_000);
        assertThat(store.nodes().hold("dr", "a", t0, t0.plusSeconds(30))).isTrue();
        assertThat(store.nodes().hold("dr", "b", t0.plusSeconds(10), t0.plusSeconds(40))).isFalse();
        assertThat(store.nodes().hold("dr", "a", t0.plusSeconds(20), t0.plusSeconds(50))).as("renewed").isTrue();
        assertThat(store.nodes().hold("dr", "b", t0.plusSeconds(40), t0.plusSeconds(70))).isFalse();
        assertThat(store.nodes().hold("housekeeping", "b", t0, t0.plusSeconds(30))).as("another lease").isTrue();
        assertThat(store.nodes().hold("dr", "b", t0.plusSeconds(51), t0.plusSeconds(81))).as("expired").isTrue();
        assertThat(store.nodes().hold("dr", "a", t0.plusSeconds(52), t0.plusSeconds(82))).isFalse();
        store.nodes().release("dr", "a");
        assertThat(store.nodes().hold("dr", "a", t0.plusSeconds(53), t0.plusSeconds(83))).as("a held it no more").isFalse();
        store.nodes().release("dr", "b");
        assertThat(store.nodes().hold("dr", "a", t0.plusSeconds(54), t0.plusSeconds(84))).as("given up").isTrue();
    }

    @Test
    void recordsBelongToTheirOwnerAndDeletingAUserRemovesItsRecordsButListsWhatIsLeftInAws() {
        long root = store.users().insert("root", "$argon2id$hash", true);
        long bob = store.users().insert("bob", "$argon2id$hash", UserType.INDEPENDENT, null, "bob@example.com");
        long carol = store.users().insert("carol", "$argon2id$hash", UserType.MANAGED, bob, null);
        assertThat(store.users().managedBy(bob)).containsExactly(carol);
        assertThat(store.users().byId(carol).orElseThrow().user()).isEqualTo(new User(carol, "carol", UserType.MANAGED, bob));

        long rootAccount = store.accounts().insert(account("root-acc"), null).id();
        long bobAccount = store.accounts().insert(bob, account("bob-acc"), null).id();
        long bobSchedule = store.schedules().insert(bob, new ScheduleSpec("bob-nightly", null, 1, Frequency.DAYS,
                Instant.parse("2026-01-01T00:00:00Z"), null, Set.of(), List.of()));
        long bobPolicy = store.policies().insert(bob, new PolicySpec("bob-web", bobAccount, null, true, 3,
                List.of(bobSchedule), 0, 0));
        long rootPolicy = store.policies().insert(new PolicySpec("root-web", rootAccount, null, true, 3, List.of(), 0, 0));
        long bobBackup = store.backups().start(bobPolicy, bobAccount, "bob-web", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        long rootBackup = store.backups().start(rootPolicy, rootAccount, "root-web", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        store.backups().addArtifact(bobBackup, "ebs", new Artifact("ebs-snapshot", "snap-bob", "us-east-1", "vol-1",
                Map.of()), Instant.now());
        long bobArtifact = store.backups().artifacts(bobBackup).get(0).id();
        store.copies().plan(bobBackup, bobAccount, List.of(new CopyRepository.Planned(bobArtifact, "ebs", "ebs-snapshot",
                "snap-bob", "us-east-1", "us-west-2")), Instant.now());
        store.copies().started(store.copies().ofBackup(bobBackup).get(0).id(), new Artifact("ebs-snapshot", "snap-bob-dr",
                "us-west-2", "vol-1", Map.of()));
        store.alerts().raise(new AlertRepository.Raise("policy:" + bobPolicy, AlertCategory.BACKUP, AlertSeverity.ERROR,
                bobPolicy, "bob-web", bobBackup, null, "failed"), Instant.now());
        store.alerts().raise(new AlertRepository.Raise("storage", AlertCategory.STORAGE, AlertSeverity.WARNING, null,
                null, null, null, "no policy"), Instant.now());
        long bobRecovery = store.recoveries().start(bobBackup, bobPolicy, "bob-web", "ebs", "volume", "vol-1",
                "us-east-1", Map.of(), false, Instant.now());

        var owners = store.owners();
        assertThat(owners.ownerOf(OwnerRepository.Owned.ACCOUNT, bobAccount)).contains(bob);
        assertThat(owners.ownerOf(OwnerRepository.Owned.ACCOUNT, rootAccount)).contains(root);
        assertThat(owners.ownerOf(OwnerRepository.Owned.BACKUP, bobBackup)).contains(bob);
        assertThat(owners.ownerOf(OwnerRepository.Owned.RECOVERY, bobRecovery)).contains(bob);
        assertThat(owners.ownerOf(OwnerRepository.Owned.POLICY, 999)).isEmpty();
        assertThat(owners.ownedBy(OwnerRepository.Owned.POLICY, List.of(bob, carol))).containsExactly(bobPolicy);
        assertThat(store.backups().list(new BackupQuery(null, null, null, false, 0, 10, null, null), List.of(bob))
                .items()).extracting(Backup::id).containsExactly(bobBackup);
        assertThat(store.alerts().list(AlertScope.owners(List.of(bob)), false, 10)).extracting(Alert::message).containsExactly("failed");
        assertThat(store.alerts().list(AlertScope.owners(List.of(root)), false, 10)).extracting(Alert::message).containsExactly("no policy");
        assertThat(store.recoveries().list(null, null, 10, List.of(root))).isEmpty();

        store.backups().finish(bobBackup, BackupStatus.SUCCESSFUL, null, Instant.now());
        assertThatThrownBy(() -> owners.deleteUserWithData(bob, 10)).as("a manager goes after its managed users")
                .isInstanceOf(StoreException.class);
        assertThat(owners.deleteUserWithData(carol, 10)).isPresent();
        var removed = owners.deleteUserWithData(bob, 10).orElseThrow();

        assertThat(removed.accounts()).isEqualTo(1);
        assertThat(removed.schedules()).isEqualTo(1);
        assertThat(removed.policies()).isEqualTo(1);
        assertThat(removed.backups()).isEqualTo(1);
        assertThat(removed.recoveries()).isEqualTo(1);
        assertThat(removed.alerts()).isEqualTo(1);
        assertThat(removed.artifactsLeft()).containsExactly(new UserDeleted.ArtifactLeft("ebs-snapshot", "snap-bob",
                "us-east-1", "123456789012", bobBackup), new UserDeleted.ArtifactLeft("ebs-snapshot", "snap-bob-dr",
                "us-west-2", "123456789012", bobBackup));
        assertThat(store.users().byId(bob)).isEmpty();
        assertThat(store.backups().get(bobBackup)).isEmpty();
        assertThat(store.accounts().get(bobAccount)).isEmpty();
        assertThat(store.backups().get(rootBackup)).isPresent();
        assertThat(store.policies().get(rootPolicy)).isPresent();
        assertThat(owners.deleteUserWithData(root, 10)).as("root is never deleted").isEmpty();
    }

    /** V13: DR settings round-trip, a backup's DR status and deadline, copies unique per source and region. */
    @Test
    void drSettingsStatusAndCopiesAreStoredOncePerSourceAndRegion() {
        long accountId = store.accounts().insert(account("dr-acc"), null).id();
        io.haven.api.model.DrSettings dr = new io.haven.api.model.DrSettings(true, 3, List.of("us-west-2", "eu-west-1"), 12);
        long policyId = store.policies().insert(new PolicySpec("dr-web", accountId, null, true, 3, List.of(), 0, 0)
                .withDr(dr));
        assertThat(store.policies().get(policyId).orElseThrow().spec().dr()).isEqualTo(dr);
        store.policies().update(policyId, store.policies().get(policyId).orElseThrow().spec()
                .withDr(io.haven.api.model.DrSettings.DISABLED));
        assertThat(store.policies().get(policyId).orElseThrow().spec().dr()).isEqualTo(io.haven.api.model.DrSettings.DISABLED);

        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        long backupId = store.backups().start(policyId, accountId, "dr-web", BackupTrigger.MANUAL, 1, now).orElseThrow();
        store.backups().addArtifact(backupId, "ebs-volume", new Artifact("ebs-snapshot", "snap-1", "us-east-1", "vol-1",
                Map.of()), now);
        long artifactId = store.backups().artifacts(backupId).get(0).id();
        assertThat(store.backups().get(backupId).orElseThrow().drStatus()).isEqualTo(io.haven.api.model.DrStatus.NONE);
        store.backups().setDrStatus(backupId, io.haven.api.model.DrStatus.IN_PROGRESS, now.plusSeconds(3600));
        assertThat(store.backups().drInProgress()).extracting(Backup::id).containsExactly(backupId);
        assertThat(store.backups().drDeadline(backupId)).contains(now.plusSeconds(3600));
        assertThat(store.backups().earlierDrDecisions(policyId, backupId + 1, 5))
                .containsExactly(io.haven.api.model.DrStatus.IN_PROGRESS);

        var planned = List.of(new CopyRepository.Planned(artifactId, "ebs-volume", "ebs-snapshot", "snap-1", "us-east-1",
                "us-west-2"));
        assertThat(store.copies().plan(backupId, accountId, planned, now)).isEqualTo(1);
        assertThat(store.copies().plan(backupId, accountId, planned, now)).isZero();
        long copyId = store.copies().ofBackup(backupId).get(0).id();
        assertThat(store.copies().starting(copyId)).isTrue();
        assertThat(store.copies().starting(copyId)).isFalse();
        assertThat(store.copies().inFlight(accountId, "us-west-2")).isEqualTo(1);
        assertThat(store.copies().started(copyId, new Artifact("ebs-snapshot", "snap-9", "us-west-2", "vol-1",
                Map.of("haven:copy-of", "snap-1")))).isTrue();
        assertThat(store.copies().isRecorded("snap-9", "us-west-2")).isTrue();
        store.copies().setState(copyId, CopyRepository.COMPLETED, null, now.plusSeconds(60));
        var copy = store.copies().ofBackup(backupId).get(0);
        assertThat(copy.view().completed()).isEqualTo(now.plusSeconds(60));
        assertThat(copy.copy().detail("haven:copy-of")).isEqualTo("snap-1");
        assertThat(store.copies().inFlight(accountId, "us-west-2")).isZero();
        store.backups().setArtifactState(artifactId, BackupRepository.DELETED, now);
        store.backups().finish(backupId, BackupStatus.SUCCESSFUL, null, now);
        assertThat(store.backups().liveSuccessful(policyId)).as("a copy left keeps the backup live")
                .extracting(Backup::id).containsExactly(backupId);
        store.copies().setState(copyId, CopyRepository.DELETED, null, now.plusSeconds(120));
        assertThat(store.copies().ofBackup(backupId).get(0).view().deleted()).isEqualTo(now.plusSeconds(120));
        assertThat(store.backups().liveSuccessful(policyId)).isEmpty();
        assertThat(store.backups().changeDrStatus(backupId, io.haven.api.model.DrStatus.IN_PROGRESS,
                io.haven.api.model.DrStatus.COMPLETED)).isTrue();
        assertThat(store.backups().changeDrStatus(backupId, io.haven.api.model.DrStatus.IN_PROGRESS,
                io.haven.api.model.DrStatus.FAILED)).isFalse();
        assertThat(store.backups().get(backupId).orElseThrow().drStatus()).isEqualTo(io.haven.api.model.DrStatus.COMPLETED);
    }

    /** V22 (guide 3.2.1, 11): DR accounts, a policy's DR account, copies per account, deleted by tag. */
    @Test
    void crossAccountDrIsStoredAccountsPoliciesAndCopiesPerAccount() {
        long accountId = store.accounts().insert(account("xa-backup"), null).id();
        Account vault = store.accounts().insert(new Account(0, "xa-vault", AuthMethod.INSTANCE_ROLE, "210987654321",
                null, null, null, null, null, null, Instant.now(), false, io.haven.api.model.AccountType.DR, false), null);
        assertThat(vault.isDr()).isTrue();
        assertThat(vault.allowDeletingSnapshots()).isFalse();
        assertThat(store.accounts().get(accountId).orElseThrow().account().type())
                .isEqualTo(io.haven.api.model.AccountType.BACKUP);
        assertThat(store.accounts().setAllowDeleting(vault.id(), true)).isTrue();
        assertThat(store.accounts().get(vault.id()).orElseThrow().account().allowDeletingSnapshots()).isTrue();

        io.haven.api.model.DrSettings dr = new io.haven.api.model.DrSettings(true, 1, List.of(), 24, vault.id(), false);
        long policyId = store.policies().insert(new PolicySpec("xa-web", accountId, null, true, 3, List.of(), 0, 0)
                .withDr(dr));
        assertThat(store.policies().get(policyId).orElseThrow().spec().dr()).isEqualTo(dr);
        assertThat(store.accounts().dependents(vault.id())).containsExactly("policy xa-web (its DR account)");

        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        long backupId = store.backups().start(policyId, accountId, "xa-web", BackupTrigger.MANUAL, 1, now).orElseThrow();
        store.backups().addArtifact(backupId, "ebs-volume", new Artifact("ebs-snapshot", "snap-x", "us-east-1", "vol-1",
                Map.of()), now);
        long artifactId = store.backups().artifacts(backupId).get(0).id();
        // one source, one region: a copy in the backup account and one in the DR account are two copies, each once
        var inAccount = new CopyRepository.Planned(artifactId, "ebs-volume", "ebs-snapshot", "snap-x", "us-east-1",
                "us-west-2");
        var inVault = new CopyRepository.Planned(artifactId, "ebs-volume", "ebs-snapshot", "snap-x", "us-east-1",
                "us-west-2", vault.id());
        assertThat(store.copies().plan(backupId, accountId, List.of(inAccount, inVault), now)).isEqualTo(2);
        assertThat(store.copies().plan(backupId, accountId, List.of(inAccount, inVault), now)).isZero();
        var vaultCopy = store.copies().ofBackup(backupId).stream().filter(CopyRepository.StoredCopy::crossAccount)
                .findFirst().orElseThrow();
        assertThat(vaultCopy.accountId()).isEqualTo(vault.id());
        assertThat(vaultCopy.view().accountId()).isEqualTo(vault.id());
        store.copies().starting(vaultCopy.id());
        assertThat(store.copies().inFlight(vault.id(), "us-west-2")).isEqualTo(1);
        assertThat(store.copies().inFlight(accountId, "us-west-2")).isZero();
        store.copies().started(vaultCopy.id(), new Artifact("ebs-snapshot", "snap-v", "us-west-2", "vol-1", Map.of()));
        store.copies().setState(vaultCopy.id(), CopyRepository.COMPLETED, null, now);
        store.copies().replacesSource(vaultCopy.id());
        assertThat(store.accounts().dependents(vault.id())).contains("DR copies of policy xa-web");
        store.copies().deletedByTag(vaultCopy.id(), "tagged cpm_deleted", now.plusSeconds(5));
        var gone = store.copies().ofBackup(backupId).stream().filter(c -> c.id() == vaultCopy.id()).findFirst()
                .orElseThrow();
        assertThat(gone.state()).isEqualTo(CopyRepository.DELETED);
        assertThat(gone.view().deletedByTag()).isTrue();
        assertThat(gone.view().deleted()).isEqualTo(now.plusSeconds(5));
        assertThat(gone.replacesSource()).isTrue();
        assertThat(store.accounts().dependents(vault.id())).containsExactly("policy xa-web (its DR account)");
    }

    private static Account account(String name) {
        return new Account(0, name, AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                Instant.now());
    }

    @Test
    void tagScansKeepSettingsTheMarksAndTheLastLogPerAccountWhichGoesWithItsAccount() {
        store.users().insert("root", "$argon2id$hash", true);
        assertThat(store.tagScans().settings()).isEqualTo(new io.haven.api.model.TagScanSettings(false, 24));
        store.tagScans().saveSettings(new io.haven.api.model.TagScanSettings(true, 6));
        assertThat(store.tagScans().settings()).isEqualTo(new io.haven.api.model.TagScanSettings(true, 6));

        Account account = store.accounts().insert(new Account(0, "tagged", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.ofEpochMilli(1)), null);
        assertThat(account.scanResources()).isFalse();
        store.accounts().setScanResources(account.id(), true);
        assertThat(store.accounts().get(account.id()).orElseThrow().account().scanResources()).isTrue();
        long manual = store.policies().insert(new PolicySpec("manual", account.id(), null, true, 1, List.of(), 0, 0));
        long scanned = store.policies().insert(null, new PolicySpec("scanned", account.id(), null, true, 1, List.of(), 0, 0),
                true);
        assertThat(store.policies().get(manual).orElseThrow().madeByTagScan()).isFalse();
        assertThat(store.policies().get(scanned).orElseThrow().madeByTagScan()).isTrue();

        var entry = new io.haven.api.model.TagScanEntry(io.haven.api.model.TagScanEntry.Kind.ERROR, "ebs-volume",
                "us-east-1", "vol-1", null, "web#", "'web#' has an empty backup option after '#'");
        var first = new io.haven.api.model.TagScanLog(account.id(), "tagged", Instant.ofEpochMilli(10),
                Instant.ofEpochMilli(20), 3, List.of(entry, entry));
        store.tagScans().saveLast(first);
        assertThat(store.tagScans().lastScans()).containsExactly(first);
        var second = new io.haven.api.model.TagScanLog(account.id(), "tagged", Instant.ofEpochMilli(30),
                Instant.ofEpochMilli(40), 0, List.of());
        store.tagScans().saveLast(second);
        assertThat(store.tagScans().lastScans()).containsExactly(second);
        // A line added by hand goes to the end of the last log; an account never scanned has no log to add to.
        var byHand = new io.haven.api.model.TagScanEntry(io.haven.api.model.TagScanEntry.Kind.WARNING, "ebs-volume",
                "us-east-1", "vol-1", "web", "web", "removed by hand");
        assertThat(store.tagScans().appendToLast(account.id(), byHand)).isTrue();
        assertThat(store.tagScans().last(account.id()).orElseThrow().entries()).containsExactly(byHand);
        assertThat(store.tagScans().appendToLast(account.id() + 1000, byHand)).isFalse();
        assertThat(store.tagScans().lastScans()).hasSize(1);

        store.tagScans().saveLast(first);
        store.policies().delete(manual);
        store.policies().delete(scanned);
        store.accounts().delete(account.id());
        assertThat(store.tagScans().lastScans()).isEmpty();
    }

    @Test
    void apiKeysExpireAreListedRevokedAndGoWithTheirUser() {
        long userId = store.users().insert("alice", "$argon2id$hash", false);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant expires = Instant.parse("2026-02-01T00:00:00Z");
        var key = store.users().insertApiKey(userId, "ci", "a".repeat(64), created, expires);
        store.users().insertApiKey(userId, "forever", "b".repeat(64), created, null);

        var owner = store.users().keyOwner("a".repeat(64)).orElseThrow();
        assertThat(owner.user().username()).isEqualTo("alice");
        assertThat(owner.expiresAt()).isEqualTo(expires.toEpochMilli());
        assertThat(owner.lastUsedAt()).isNull();
        store.users().markApiKeyUsed(key.id(), expires);
        assertThat(store.users().apiKeys(userId)).extracting(k -> k.name() + "/" + k.expires() + "/" + k.lastUsed())
                .containsExactly("ci/" + expires + "/" + expires, "forever/null/null");

        assertThat(store.users().deleteApiKey(userId + 1, key.id())).as("another user's key").isFalse();
        assertThat(store.users().deleteApiKey(userId, key.id())).isTrue();
        assertThat(store.users().keyOwner("a".repeat(64))).isEmpty();

        store.database().inTransaction(jdbc -> jdbc.update("DELETE FROM app_user WHERE id = ?", userId));
        assertThat(store.users().keyOwner("b".repeat(64))).as("a key never outlives its user").isEmpty();
    }

    @Test
    void theServiceProviderKeyIsStoredOnceAndTheSigningSettingsRoundTrip() {
        assertThat(store.identityProvider().saveServiceProviderKeyIfNone("cipher-1", "PEM-1")).as("no settings yet").isFalse();
        var settings = new io.haven.api.auth.IdentityProviderSettings(true, "saml", "haven.test", "idp", "https://idp/sso",
                null, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", null, null, null, true, true, null);
        store.identityProvider().saveSettings(settings, 1L);
        assertThat(store.identityProvider().serviceProviderKey()).isEmpty();

        assertThat(store.identityProvider().saveServiceProviderKeyIfNone("cipher-1", "PEM-1")).isTrue();
        assertThat(store.identityProvider().saveServiceProviderKeyIfNone("cipher-2", "PEM-2")).as("the first wins").isFalse();
        store.identityProvider().saveSettings(settings.withServiceProviderSecurity(false, true), 2L);

        assertThat(store.identityProvider().serviceProviderKey()).contains(
                new io.haven.store.IdentityProviderRepository.StoredKey("cipher-1", "PEM-1"));
        var read = store.identityProvider().settings().orElseThrow();
        assertThat(read.signRequests()).isFalse();
        assertThat(read.requireEncryptedAssertions()).isTrue();
        assertThat(read.serviceProviderKey()).as("never in the settings as read").isNull();
    }

    @Test
    void theServiceProviderKeyRollsOverOnceKeepingThePreviousUntilItIsDeleted() {
        var settings = new io.haven.api.auth.IdentityProviderSettings(true, "saml", "haven.test", "idp", "https://idp/sso",
                null, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", null, null, null, true, true, null);
        store.identityProvider().saveSettings(settings, 1L);
        store.identityProvider().saveServiceProviderKeyIfNone("cipher-1", "PEM-1");
        assertThat(store.identityProvider().previousServiceProviderKey()).isEmpty();

        assertThat(store.identityProvider().rollOverServiceProviderKey("cipher-0", "cipher-2", "PEM-2", 500L))
                .as("the current key is no longer the one rolled over").isFalse();
        assertThat(store.identityProvider().rollOverServiceProviderKey("cipher-1", "cipher-2", "PEM-2", 500L)).isTrue();
        assertThat(store.identityProvider().serviceProviderKey()).contains(
                new io.haven.store.IdentityProviderRepository.StoredKey("cipher-2", "PEM-2"));
        assertThat(store.identityProvider().previousServiceProviderKey()).contains(
                new io.haven.store.IdentityProviderRepository.PreviousKey("cipher-1", "PEM-1", 500L));
        assertThat(store.identityProvider().rollOverServiceProviderKey("cipher-2", "cipher-3", "PEM-3", 900L))
                .as("not while a previous key is kept").isFalse();
        store.identityProvider().saveSettings(settings, 2L);
        assertThat(store.identityProvider().previousServiceProviderKey()).as("saving the settings keeps it").isPresent();

        assertThat(store.identityProvider().deletePreviousServiceProviderKey(499L)).as("kept longer").isFalse();
        assertThat(store.identityProvider().deletePreviousServiceProviderKey(500L)).isTrue();
        assertThat(store.identityProvider().previousServiceProviderKey()).isEmpty();
        assertThat(store.identityProvider().serviceProviderKey().orElseThrow().keyCipher()).isEqualTo("cipher-2");
    }

    @Test
    void aKeyKeepsItsRightsAndGoesWithTheKeyItWasMadeWith() {
        long userId = store.users().insert("alice", "$argon2id$hash", false);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        var parent = store.users().insertApiKey(userId, "ci", "a".repeat(64), created, null, true, null);
        var child = store.users().insertApiKey(userId, "ci-child", "b".repeat(64), created, null, true, parent.id());
        store.users().insertApiKey(userId, "grandchild", "c".repeat(64), created, null, true, child.id());
        store.users().insertApiKey(userId, "full", "d".repeat(64), created, null);

        assertThat(store.users().keyOwner("a".repeat(64)).orElseThrow().key())
                .isEqualTo(new io.haven.api.model.ApiKey(parent.id(), "ci", created, null, null, true));
        assertThat(store.users().apiKeys(userId)).extracting(k -> k.name() + "/" + k.readOnly())
                .containsExactly("ci/true", "ci-child/true", "grandchild/true", "full/false");

        assertThat(store.users().deleteApiKey(userId, parent.id())).isTrue();
        assertThat(store.users().apiKeys(userId)).as("the keys made with a revoked key are revoked with it")
                .extracting(k -> k.name()).containsExactly("full");
        store.users().insertApiKey(userId, "again", "e".repeat(64), created, null, false, null);
        var made = store.users().insertApiKey(userId, "made", "f".repeat(64), created, null, false,
                store.users().keyOwner("e".repeat(64)).orElseThrow().keyId());
        assertThat(made.readOnly()).isFalse();
        store.database().inTransaction(jdbc -> jdbc.update("DELETE FROM app_user WHERE id = ?", userId));
        assertThat(store.users().keyOwner("f".repeat(64))).as("nor outlives its user").isEmpty();
    }

    @Test
    void anIssueHasOneCurrentAlertUntilClearedAndAlertsAreAcknowledgedAndDeleted() {
        var failure = new AlertRepository.Raise("policy:7", AlertCategory.BACKUP, AlertSeverity.ERROR, 7L, "web", 70L,
                "Policy web Backup Failure", "failed twice");
        var raised = store.alerts().raise(failure, Instant.ofEpochMilli(100));
        assertThat(raised.fresh()).isTrue();
        var again = store.alerts().raise(new AlertRepository.Raise("policy:7", AlertCategory.BACKUP, AlertSeverity.ERROR,
                7L, "web", 71L, "Policy web Backup Failure", "failed three times"), Instant.ofEpochMilli(200));
        assertThat(again.fresh()).isFalse();
        assertThat(again.alert()).satisfies(alert -> {
            assertThat(alert.id()).isEqualTo(raised.alert().id());
            assertThat(alert.backupId()).as("the backup that raised it").isEqualTo(70L);
            assertThat(alert.raised()).isEqualTo(Instant.ofEpochMilli(100));
            assertThat(alert.lastOccurred()).isEqualTo(Instant.ofEpochMilli(200));
            assertThat(alert.message()).isEqualTo("failed three times");
            assertThat(alert.title()).isEqualTo("Policy web Backup Failure");
        });
        assertThat(store.alerts().acknowledge(raised.alert().id(), Instant.ofEpochMilli(300))).isTrue();
        assertThat(store.alerts().acknowledge(raised.alert().id(), Instant.ofEpochMilli(400))).isTrue();
        assertThat(store.alerts().get(AlertScope.all(), raised.alert().id()).orElseThrow().acknowledged())
                .as("the first acknowledgement is kept").isEqualTo(Instant.ofEpochMilli(300));
        assertThat(store.alerts().get(AlertScope.none(), raised.alert().id())).isEmpty();

        assertThat(store.alerts().clear("policy:7", Instant.ofEpochMilli(500))).singleElement()
                .satisfies(alert -> assertThat(alert.cleared()).isEqualTo(Instant.ofEpochMilli(500)));
        assertThat(store.alerts().list(AlertScope.all(), true, 10)).isEmpty();
        assertThat(store.alerts().list(AlertScope.all(), false, 10)).hasSize(1);
        var next = store.alerts().raise(failure, Instant.ofEpochMilli(600));
        assertThat(next.fresh()).as("a new failure after the clearing is a new alert").isTrue();
        assertThat(store.alerts().list(AlertScope.all(), true, 10)).extracting(Alert::id).containsExactly(next.alert().id());
        assertThat(store.alerts().list(AlertScope.none(), false, 10)).isEmpty();

        assertThat(store.alerts().delete(next.alert().id())).isTrue();
        assertThat(store.alerts().delete(next.alert().id())).isFalse();
        assertThat(store.alerts().acknowledge(next.alert().id(), Instant.ofEpochMilli(700))).isFalse();
    }

    @Test
    void alertsKeysAreReplacedRemovedAndGoWithTheirUser() {
        long userId = store.users().insert("carol", "$argon2id$hash", false);
        store.alerts().setKey(userId, "c".repeat(64), Instant.ofEpochMilli(5));
        assertThat(store.alerts().keyOwner("c".repeat(64))).contains(userId);
        store.alerts().setKey(userId, "d".repeat(64), Instant.ofEpochMilli(6));
        assertThat(store.alerts().keyOwner("c".repeat(64))).isEmpty();
        assertThat(store.alerts().keyCreated(userId)).contains(Instant.ofEpochMilli(6));
        assertThat(store.alerts().removeKey(userId)).isTrue();
        assertThat(store.alerts().keyOwner("d".repeat(64))).isEmpty();
        store.alerts().setKey(userId, "e".repeat(64), Instant.ofEpochMilli(7));
        store.database().inTransaction(jdbc -> jdbc.update("DELETE FROM app_user WHERE id = ?", userId));
        assertThat(store.alerts().keyOwner("e".repeat(64))).isEmpty();
    }

    @Test
    void notifiersKeepTheirSettingsAndDeliveriesTheirState() {
        long userId = store.users().insert("dave", "$argon2id$hash", false);
        var settings = Map.of("url", new NotifierRepository.StoredSetting("https://hooks.example/1", false),
                "token", new NotifierRepository.StoredSetting("v1:sealed", true));
        long id = store.notifiers().insert(userId, "ops", "webhook", true, false, settings, Instant.ofEpochMilli(1));
        assertThat(store.notifiers().get(id).orElseThrow()).satisfies(n -> {
            assertThat(n.settings()).isEqualTo(settings);
            assertThat(n.alerts()).isTrue();
            assertThat(n.summary()).isFalse();
        });
        store.notifiers().update(id, "ops2", false, true, Map.of("url",
                new NotifierRepository.StoredSetting("https://hooks.example/2", false)));
        assertThat(store.notifiers().byUser(userId)).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("ops2");
            assertThat(n.settings()).containsOnlyKeys("url");
            assertThat(n.summary()).isTrue();
        });
        assertThat(store.notifiers().idByName(userId, "ops2")).contains(id);

        long first = store.notifiers().queue(id, 9L, Delivery.Kind.ALERT_RAISED, "subject", "body", Instant.ofEpochMilli(2));
        long second = store.notifiers().queue(id, null, Delivery.Kind.TEST, "test", "x".repeat(40000), Instant.ofEpochMilli(3));
        assertThat(store.notifiers().queued()).extracting(Delivery::id).containsExactly(first, second);
        store.notifiers().retryAt(first, 1, "503 Service Unavailable", Instant.ofEpochMilli(50));
        store.notifiers().delivered(second, 1, Instant.ofEpochMilli(4));
        assertThat(store.notifiers().queued()).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastError()).isEqualTo("503 Service Unavailable");
            assertThat(d.nextAttempt()).isEqualTo(Instant.ofEpochMilli(50));
            assertThat(d.alertId()).isEqualTo(9L);
        });
        store.notifiers().failed(first, 5, "gone", Instant.ofEpochMilli(60));
        assertThat(store.notifiers().deliveries(id, 10)).extracting(d -> d.state() + "/" + d.attempts())
                .containsExactly("DELIVERED/1", "FAILED/5");
        assertThat(store.notifiers().delivery(second).orElseThrow().body()).hasSize(30000);
        assertThat(store.notifiers().delete(id)).isTrue();
        assertThat(store.notifiers().delivery(first)).as("deliveries go with their notifier").isEmpty();
    }

    @Test
    void aSecondFactorIsPendingUntilACodeIsAcceptedAndNoTimeStepIsAcceptedTwice() {
        long userId = store.users().insert("carol", "$argon2id$hash", false);
        assertThat(store.secondFactors().startPending(userId, "v1:first", 1L)).isTrue();
        assertThat(store.secondFactors().confirmedOf("carol")).as("pending is not asked for").isEmpty();
        assertThat(store.secondFactors().startPending(userId, "v1:second", 2L)).as("a pending secret is replaced").isTrue();
        assertThat(store.secondFactors().of(userId).orElseThrow().secret()).isEqualTo("v1:second");

        assertThat(store.secondFactors().accept(userId, 100)).isTrue();
        assertThat(store.secondFactors().confirmedOf("carol")).get().extracting(f -> f.lastStep()).isEqualTo(100L);
        assertThat(store.secondFactors().accept(userId, 100)).as("the same step again").isFalse();
        assertThat(store.secondFactors().accept(userId, 99)).as("an earlier step").isFalse();
        assertThat(store.secondFactors().startPending(userId, "v1:third", 3L)).as("a confirmed one stays").isFalse();

        store.database().inTransaction(jdbc -> jdbc.update("DELETE FROM app_user WHERE id = ?", userId));
        assertThat(store.secondFactors().of(userId)).as("it goes with its user").isEmpty();
    }

    @Test
    void aDelegateIsReadWithItsPrincipalAndPermissionsAndGoesWithItsPrincipal() {
        long principal = store.users().insert("dora", "$argon2id$hash", io.haven.api.model.UserType.INDEPENDENT, null, null);
        long delegate = store.users().insertDelegate("dora-ops", "$argon2id$d", "ops@example.com", principal,
                new io.haven.api.model.DelegatePermissions(true, false, false));
        var user = store.users().byUsername("dora-ops").orElseThrow().user();
        assertThat(user.type()).isEqualTo(io.haven.api.model.UserType.DELEGATE);
        assertThat(user.delegation().principal().username()).isEqualTo("dora");
        assertThat(user.delegation().permissions().recover()).isTrue();
        assertThat(store.users().profiles()).extracting(p -> p.username()).doesNotContain("dora-ops");
        assertThat(store.users().profile(delegate)).as("users are not delegates").isEmpty();

        assertThat(store.users().updateDelegate(delegate, new io.haven.api.model.DelegatePermissions(false, true, true))).isTrue();
        assertThat(store.users().delegatesOf(principal)).singleElement().satisfies(d -> {
            assertThat(d.permissions().changeBackups()).isTrue();
            assertThat(d.permissions().recover()).isFalse();
            assertThat(d.email()).isEqualTo("ops@example.com");
        });
        assertThat(store.users().deleteDelegate(principal)).as("not a delegate").isFalse();
        store.users().insertApiKey(delegate, "k", "d".repeat(64), Instant.now(), null);
        assertThat(store.users().keyOwner("d".repeat(64))).get().extracting(k -> k.user().delegation().principal().id())
                .isEqualTo(principal);

        assertThat(store.owners().deleteUserWithData(principal, 10)).isPresent();
        assertThat(store.users().byId(delegate)).as("a delegate goes with its principal").isEmpty();
        assertThat(store.users().keyOwner("d".repeat(64))).as("and its keys").isEmpty();
    }

    @Test
    void migrationsAreRecordedUnderTheVersionTheirFileNames() {
        assertThat(Database.version("V9__alerts_and_notifications.sql")).isEqualTo(9);
        // From an empty database, as the other tests start from a copy of a migrated one.
        HavenStore migrated = new HavenStore(freshDataSource());
        Optional<Integer> recorded = migrated.database().read(jdbc -> jdbc.queryOne("SELECT MAX(version) FROM schema_version",
                rs -> rs.getInt(1)));
        assertThat(recorded).contains(Database.version(Database.MIGRATIONS.get(Database.MIGRATIONS.size() - 1)));
    }

    @Test
    void aPasswordHashIsReplacedOnlyIfUnchanged() {
        long userId = store.users().insert("bob", "old", false);
        assertThat(store.users().replacePasswordHash(userId, "other", "new")).isFalse();
        assertThat(store.users().replacePasswordHash(userId, "old", "new")).isTrue();
        assertThat(store.users().byId(userId).orElseThrow().passwordHash()).isEqualTo("new");
    }

    @Test
    void migratingTwiceKeepsOneSchemaVersion() {
        new HavenStore(dataSource);
        long versions = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM schema_version"));
        assertThat(versions).isEqualTo(Database.MIGRATIONS.size());
    }

    @Test
    void accountsRoundTripWithNullsAndKeepTheCipherApart() {
        Account saved = store.accounts().insert(new Account(0, "prod", AuthMethod.ACCESS_KEYS, "123456789012", "AKIA1",
                null, null, null, null, null, Instant.ofEpochMilli(1000)), "cipher-text");
        assertThat(saved.id()).isPositive();
        assertThat(saved.viaAccountId()).isNull();
        assertThat(store.accounts().get(saved.id()).orElseThrow().secretCipher()).isEqualTo("cipher-text");
        assertThat(store.accounts().list()).containsExactly(saved);
    }

    @Test
    void schedulesKeepWeekdaysAndMidnightCrossingWindows() {
        ScheduleSpec spec = new ScheduleSpec("nightly", "d", 1, Frequency.DAYS, Instant.parse("2026-01-01T22:00:00Z"),
                null, Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                List.of(new DisabledWindow(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
                        new DisabledWindow(null, LocalTime.of(12, 0), LocalTime.of(13, 0))));
        long id = store.schedules().insert(spec);
        assertThat(store.schedules().get(id).orElseThrow().spec()).isEqualTo(spec);
    }

    @Test
    void backupsPageSortAndRefuseASecondRunOfAPolicy() {
        long policyId = policy("p1");
        long first = store.backups().start(policyId, 1L, "p1", BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(1)).orElseThrow();
        assertThat(store.backups().start(policyId, 1L, "p1", BackupTrigger.SCHEDULE, 1, Instant.ofEpochMilli(2))).isEmpty();
        store.backups().finish(first, BackupStatus.SUCCESSFUL, "ok", Instant.ofEpochMilli(3));
        for (int i = 0; i < 4; i++) {
            long id = store.backups().start(policyId, 1L, "p1", BackupTrigger.SCHEDULE, 1, Instant.ofEpochMilli(10 + i))
                    .orElseThrow();
            store.backups().finish(id, BackupStatus.FAILED, "no", Instant.ofEpochMilli(20 + i));
        }
        var page = store.backups().list(new BackupQuery(policyId, BackupStatus.FAILED, "started", true, 1, 3));
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).started()).isEqualTo(Instant.ofEpochMilli(10));
    }

    /**
     * Keyset paging (decision 0035): for every sort and direction and several page sizes, walking the list from
     * position to position visits every backup exactly once, in the order of the sort key and then the id, although
     * many backups share a start time, an end time, a status and a policy, and some have not ended.
     */
    @Test
    void keysetPagingVisitsEveryBackupOnceInEverySortWithTies() {
        long root = store.users().insert("root", "$argon2id$hash", true);
        List<Long> policies = List.of(policy("k1"), policy("k2"), policy("k3"));
        BackupStatus[] outcomes = {BackupStatus.SUCCESSFUL, BackupStatus.FAILED, BackupStatus.PARTIALLY_SUCCESSFUL};
        for (int i = 0; i < 45; i++) {
            long policyId = policies.get(i % 3);
            long id = store.backups().start(policyId, 1L, "k", BackupTrigger.SCHEDULE, 1, Instant.ofEpochMilli(1000 + i / 5))
                    .orElseThrow();
            if (i < 42) {
                store.backups().finish(id, outcomes[(i / 3) % 3], "done", Instant.ofEpochMilli(2000 + i % 4));
            }
        }
        List<Backup> all = store.backups().list(new BackupQuery(null, null, "started", true, 0, 500)).items();
        assertThat(all).hasSize(45);
        for (String sort : List.of("started", "ended", "status", "policyId")) {
            for (boolean descending : List.of(true, false)) {
                java.util.Comparator<Backup> order = java.util.Comparator.<Backup, Comparable<Object>>comparing(
                        b -> comparable(BackupRepository.sortKey(sort, b))).thenComparing(Backup::id);
                List<Long> expected = all.stream().sorted(descending ? order.reversed() : order).map(Backup::id).toList();
                for (int size : List.of(1, 4, 7, 45)) {
                    BackupQuery query = new BackupQuery(null, null, sort, descending, 0, size);
                    assertThat(walk(query, null)).as(sort + (descending ? " desc" : " asc") + ", size " + size)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
        // Every sort beside each filter, and a single owner's world: the index the store names for Derby (or none).
        long k1 = policies.get(0);
        for (String sort : List.of("started", "ended", "status", "policyId")) {
            for (boolean descending : List.of(true, false)) {
                java.util.Comparator<Backup> order = java.util.Comparator.<Backup, Comparable<Object>>comparing(
                        b -> comparable(BackupRepository.sortKey(sort, b))).thenComparing(Backup::id);
                List<Backup> sorted = all.stream().sorted(descending ? order.reversed() : order).toList();
                assertThat(walk(new BackupQuery(k1, null, sort, descending, 0, 4), null)).as(sort + " of k1")
                        .containsExactlyElementsOf(sorted.stream().filter(b -> b.policyId() == k1).map(Backup::id).toList());
                assertThat(walk(new BackupQuery(null, BackupStatus.FAILED, sort, descending, 0, 4), null)).as(sort + " failed")
                        .containsExactlyElementsOf(sorted.stream().filter(b -> b.status() == BackupStatus.FAILED)
                                .map(Backup::id).toList());
                assertThat(walk(new BackupQuery(null, null, sort, descending, 0, 4), null, List.of(root)))
                        .as(sort + " of root").containsExactlyElementsOf(sorted.stream().map(Backup::id).toList());
            }
        }
        // Filters keep working beside a position.
        long k2 = policies.get(1);
        List<Long> k2Failed = all.stream().filter(b -> b.policyId() == k2 && b.status() == BackupStatus.FAILED)
                .sorted(java.util.Comparator.comparing(Backup::started).thenComparing(Backup::id).reversed())
                .map(Backup::id).toList();
        assertThat(k2Failed).hasSizeGreaterThan(2);
        assertThat(walk(new BackupQuery(k2, BackupStatus.FAILED, "started", true, 0, 2), null))
                .containsExactlyElementsOf(k2Failed);
    }

    /**
     * Rows added while a client pages (newer ones, and ones that tie with the page's last row) neither repeat nor
     * hide a row that was there when it started; a row that sorts after the position is reached.
     */
    @Test
    void keysetPagingSeesEveryRowOnceWhileBackupsAreAdded() {
        long policyId = policy("grow");
        List<Long> before = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            before.add(finished(policyId, "grow", 100 + i / 2));
        }
        BackupQuery query = new BackupQuery(null, null, "started", true, 0, 5);
        BackupRepository.Slice first = store.backups().slice(query, null, null);
        assertThat(first.more()).isTrue();
        Backup last = first.items().get(first.items().size() - 1);
        List<Long> seen = new java.util.ArrayList<>(first.items().stream().map(Backup::id).toList());
        // Between the pages: a newer backup, one that ties with the last row shown (its larger id sorts it before
        // that row when descending), and an older one, which the walk must still reach.
        long newer = finished(policyId, "grow", 500);
        long tie = finished(policyId, "grow", last.started().toEpochMilli());
        long older = finished(policyId, "grow", 1);
        seen.addAll(walk(query, new BackupRepository.Position(BackupRepository.sortKey("started", last), last.id())));

        assertThat(seen).doesNotHaveDuplicates().containsAll(before).contains(older).doesNotContain(newer, tie);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(older);
    }

    /** The total is counted up to a bound past the page's first row, and says so when it stopped there. */
    @Test
    void theTotalIsCountedUpToABound() {
        long policyId = policy("many");
        finished(policyId, "many", 1);
        store.database().inTransaction(jdbc -> {
            for (int i = 0; i < 11; i++) {
                // Doubled with ids past the highest, as the store hands them out (decision 0058).
                long highest = jdbc.count("SELECT MAX(id) FROM backup");
                jdbc.update("INSERT INTO backup (id, policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                        + "all_started, failed_targets, started_at, ended_at, ended_key, owner_id) SELECT id + ?, "
                        + "policy_id, account_id, policy_name, status, trigger_kind, attempt, all_started, "
                        + "failed_targets, "
                        + "started_at + id, ended_at + id, ended_key + id, owner_id FROM backup", highest);
            }
            return null;
        });
        BackupQuery firstPage = new BackupQuery(policyId, null, "started", true, 0, 50);
        BackupRepository.Slice slice = store.backups().slice(firstPage, null, null);
        assertThat(slice.total()).isEqualTo(BackupQuery.COUNT_LIMIT);
        assertThat(slice.totalIsLowerBound()).isTrue();
        var deep = store.backups().list(new BackupQuery(policyId, null, "started", true, 1, 500));
        assertThat(deep.total()).isEqualTo(500 + BackupQuery.COUNT_LIMIT);
        assertThat(deep.totalIsLowerBound()).isTrue();
        var deepest = store.backups().list(new BackupQuery(policyId, null, "started", true, 3, 500));
        assertThat(deepest.total()).isEqualTo(2048);
        assertThat(deepest.totalIsLowerBound()).isFalse();
        BackupRepository.Slice few = store.backups().slice(new BackupQuery(policyId, BackupStatus.FAILED, "started",
                true, 0, 50), null, null);
        assertThat(few.total()).isZero();
        assertThat(few.totalIsLowerBound()).isFalse();
        assertThat(store.backups().slice(new BackupQuery(policyId, null, "started", true, 0, 50), List.of(-1L), null)
                .total()).isZero();
        long rows = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup"));
        assertThat(rows).isEqualTo(2048);
    }

    /** Every page from the position on (the first page when null), as ids. */
    private List<Long> walk(BackupQuery query, BackupRepository.Position from) {
        return walk(query, from, null);
    }

    private List<Long> walk(BackupQuery query, BackupRepository.Position from, List<Long> owners) {
        List<Long> ids = new java.util.ArrayList<>();
        BackupRepository.Position position = from;
        for (int pages = 0; pages < 100; pages++) {
            BackupRepository.Slice slice = store.backups().slice(query, owners, position);
            slice.items().forEach(b -> ids.add(b.id()));
            if (!slice.more()) {
                return ids;
            }
            Backup last = slice.items().get(slice.items().size() - 1);
            position = new BackupRepository.Position(BackupRepository.sortKey(query.sort(), last), last.id());
        }
        throw new AssertionError("The walk does not end: " + ids);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object key) {
        return (Comparable<Object>) key;
    }

    @Test
    void artifactsRecordTheTargetTheyBelongToAndRunsTheProgressOfEachTarget() {
        long policyId = policy("p-targets");
        long backup = store.backups().start(policyId, 1L, "p-targets", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        Artifact snapshot = new Artifact("ebs-snapshot", "snap-t1", "us-east-1", "vol-9", Map.of());
        store.backups().addArtifact(backup, "ec2-instance", "i-9", snapshot, Instant.now());
        store.backups().addArtifact(backup, "ebs-volume", new Artifact("ebs-snapshot", "snap-t2", "us-east-1", "vol-8",
                Map.of()), Instant.now());
        assertThat(store.backups().artifacts(backup)).extracting(BackupRepository.StoredArtifact::targetResourceId)
                .containsExactly("i-9", "vol-8");
        assertThat(store.backups().isRecorded("snap-t1", "us-east-1")).isTrue();
        assertThat(store.backups().isRecorded("snap-t1", "eu-west-1")).isFalse();

        assertThat(store.backups().targetStarting(backup, 7, "ec2-instance", "us-east-1", "i-9", Instant.now())).isEmpty();
        store.backups().targetEnded(backup, 8, "ebs-volume", "us-east-1", "vol-8", BackupRepository.TARGET_FAILED,
                Instant.now());
        assertThat(store.backups().targetStarting(backup, 7, "ec2-instance", "us-east-1", "i-9", Instant.now()))
                .contains(BackupRepository.TARGET_STARTING);
        store.backups().targetEnded(backup, 7, "ec2-instance", "us-east-1", "i-9", BackupRepository.TARGET_STARTED,
                Instant.now());
        assertThat(store.backups().runTargets(backup)).containsExactly(
                new BackupRepository.RunTarget(7, "ec2-instance", "us-east-1", "i-9", BackupRepository.TARGET_STARTED),
                new BackupRepository.RunTarget(8, "ebs-volume", "us-east-1", "vol-8", BackupRepository.TARGET_FAILED));
    }

    @Test
    void artifactsAreRecordedOnceWithTheirDetailsAndLogsKeepOrder() {
        long policyId = policy("p2");
        long backup = store.backups().start(policyId, 1L, "p2", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        Artifact snapshot = new Artifact("ebs-snapshot", "snap-1", "us-east-1", "vol-1",
                Map.of("volumeId", "vol-1", "device", "/dev/sda1", "instanceId", "i-1"));
        assertThat(store.backups().addArtifact(backup, "ec2-instance", snapshot, Instant.now())).isTrue();
        assertThat(store.backups().addArtifact(backup, "ec2-instance", snapshot, Instant.now())).isFalse();
        var stored = store.backups().artifacts(backup);
        assertThat(stored).singleElement().satisfies(a -> {
            assertThat(a.artifact()).isEqualTo(snapshot);
            assertThat(a.view().device()).isEqualTo("/dev/sda1");
            assertThat(a.state()).isEqualTo(BackupRepository.PENDING);
        });
        store.backups().log(backup, LogEntry.Level.INFO, "first", Instant.now());
        store.backups().log(backup, LogEntry.Level.ERROR, "second", Instant.now());
        assertThat(store.backups().logEntries(backup)).extracting(LogEntry::message).containsExactly("first", "second");
    }

    @Test
    void reportsReadTheRowsOfTheirScopeAndDeletedArtifactsKeepTheirCompletion() {
        long root = store.users().insert("root", "$argon2id$unused", true);
        long other = store.users().insert("dave", "$argon2id$unused", UserType.INDEPENDENT, null, null);
        long policyId = policy("p-report");
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        long first = store.backups().start(policyId, 1L, "p-report", BackupTrigger.MANUAL, 1, t0).orElseThrow();
        store.backups().finish(first, BackupStatus.FAILED, null, t0.plusSeconds(60));
        long second = store.backups().start(policyId, 1L, "p-report", BackupTrigger.RETRY, 2, t0.plusSeconds(600))
                .orElseThrow();
        store.backups().addArtifact(second, "ebs-volume", new Artifact("ebs-snapshot", "snap-r1", "us-east-1", "vol-1",
                Map.of("sizeGiB", "8")), t0.plusSeconds(600));
        long artifact = store.backups().artifacts(second).get(0).id();
        store.backups().setArtifactState(artifact, BackupRepository.COMPLETED, t0.plusSeconds(660));
        store.backups().setArtifactState(artifact, BackupRepository.DELETED, t0.plusSeconds(7200));

        List<ReportRepository.BackupRow> rows = new java.util.ArrayList<>();
        store.reports().backups(new ReportRepository.Scope(List.of(root), null, null, null, null, null), rows::add);
        assertThat(rows).extracting(ReportRepository.BackupRow::id).containsExactly(first, second);
        assertThat(rows.get(1)).isEqualTo(new ReportRepository.BackupRow(second, "root", "acc-p-report", "p-report",
                "IN_PROGRESS", "NONE", t0.plusSeconds(600), null, 2, null));
        rows.clear();
        store.reports().backups(new ReportRepository.Scope(List.of(root), root, 1L, policyId, t0.plusSeconds(1),
                t0.plusSeconds(601)), rows::add);
        assertThat(rows).extracting(ReportRepository.BackupRow::id).containsExactly(second);
        rows.clear();
        store.reports().backups(new ReportRepository.Scope(List.of(other), null, null, null, null, null), rows::add);
        assertThat(rows).isEmpty();

        List<ReportRepository.SnapshotRow> snapshots = new java.util.ArrayList<>();
        store.reports().snapshots(new ReportRepository.Scope(List.of(root), null, null, null, null, null),
                snapshots::add);
        assertThat(snapshots).containsExactly(new ReportRepository.SnapshotRow(second, "acc-p-report", "us-east-1",
                "ebs-snapshot", "vol-1", null, null, "snap-r1", BackupRepository.DELETED, t0.plusSeconds(600),
                t0.plusSeconds(660), t0.plusSeconds(7200)));

        List<Map.Entry<ReportRepository.OwnedTarget, Map<String, String>>> sizes = new java.util.ArrayList<>();
        store.reports().newestDetails(root, List.of("sizeGiB"), sizes::add);
        assertThat(sizes).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo(new ReportRepository.OwnedTarget(root, "ebs-volume", "us-east-1", "vol-1"));
            assertThat(e.getValue()).containsEntry("sizeGiB", "8");
        });
    }

    @Test
    void policyTargetsKeepTheirOptions() {
        long policyId = policy("p3");
        store.policies().addTarget(policyId, new TargetSpec("ec2-instance", "eu-west-1", "i-1",
                Map.of("volumes", "include", "devices", "/dev/sda1,/dev/sdf")));
        assertThat(store.policies().targets(policyId)).singleElement()
                .satisfies(t -> assertThat(t.spec().options()).containsEntry("devices", "/dev/sda1,/dev/sdf"));
    }

    @Test
    void aTargetsOptionsAreReplacedWithinItsPolicyOnly() {
        long policyId = policy("p3b");
        long otherId = policy("p3c");
        long targetId = store.policies().addTarget(policyId, new TargetSpec("ec2-instance", "eu-west-1", "i-1",
                Map.of("volumes", "include", "devices", "/dev/sdf"))).id();

        assertThat(store.policies().updateTargetOptions(otherId, targetId, Map.of())).isFalse();
        assertThat(store.policies().updateTargetOptions(policyId, targetId, Map.of("backupMode", "ami"))).isTrue();

        assertThat(store.policies().target(policyId, targetId)).hasValueSatisfying(t -> {
            assertThat(t.spec().options()).isEqualTo(Map.of("backupMode", "ami"));
            assertThat(t.spec().resourceId()).isEqualTo("i-1");
        });
        assertThat(store.policies().target(otherId, targetId)).isEmpty();
    }

    @Test
    void policyOptionsRoundTrip() {
        long policyId = policy("p4");
        PolicySpec spec = store.policies().get(policyId).orElseThrow().spec();
        assertThat(spec.autoRemoveTargets()).isEqualTo(TargetRemoval.NO);
        assertThat(spec.scripts()).isEqualTo(ScriptSettings.DISABLED);
        PolicySpec changed = new PolicySpec(spec.name(), spec.accountId(), spec.description(), false, 5,
                spec.scheduleIds(), 2, 7, TargetRemoval.YES_AND_ALERT, SuccessCriterion.SNAPSHOTS_SUCCEED, 4,
                new ScriptSettings(true, 12, true));
        store.policies().update(policyId, changed);
        assertThat(store.policies().get(policyId).orElseThrow().spec()).isEqualTo(changed);
    }

    @Test
    void frozenBackupsHaveUniqueNamesAreSearchableAndOutliveTheirPolicy() {
        long policyId = policy("p5");
        long a = finished(policyId, "p5", 1);
        long b = finished(policyId, "p5", 2);
        long c = finished(policyId, "p5", 3);
        assertThat(store.backups().freeze(a, "Before_upgrade 100%", "first after go-live", Instant.ofEpochMilli(50)))
                .isTrue();
        assertThat(store.backups().freeze(b, "Before_upgrade 100%", null, Instant.ofEpochMilli(51))).isFalse();
        assertThat(store.backups().freeze(b, "quarterly", "Q3 audit", Instant.ofEpochMilli(52))).isTrue();
        assertThat(store.backups().get(a).orElseThrow().frozen())
                .isEqualTo(new Frozen("Before_upgrade 100%", "first after go-live", Instant.ofEpochMilli(50)));

        assertThat(ids(new BackupQuery(null, null, null, true, 0, 50, true, null))).containsExactly(b, a);
        assertThat(ids(new BackupQuery(null, null, null, true, 0, 50, true, "AUDIT"))).containsExactly(b);
        assertThat(ids(new BackupQuery(null, null, null, true, 0, 50, null, "100%"))).containsExactly(a);
        assertThat(ids(new BackupQuery(null, null, null, true, 0, 50, null, "e_u"))).containsExactly(a);
        assertThat(ids(new BackupQuery(null, null, null, true, 0, 50, null, "x%y"))).isEmpty();
        assertThat(ids(new BackupQuery(policyId, null, null, true, 0, 50, false, null))).containsExactly(c);
        assertThat(store.backups().liveSuccessful(policyId)).extracting(Backup::id).containsExactly(c);
        assertThat(store.backups().countUnfrozen(policyId)).isEqualTo(1);

        store.policies().delete(policyId);
        assertThat(store.backups().orphans()).extracting(Backup::id).containsExactly(c);
        store.backups().markDeleted(c, Instant.ofEpochMilli(100));
        assertThat(store.backups().orphans()).isEmpty();
        assertThat(store.backups().purgeDeleted(Instant.ofEpochMilli(4))).isEqualTo(1);
        assertThat(store.backups().get(c)).isEmpty();

        // A deleted frozen backup frees its name at once; its record keeps it until it is purged too.
        store.backups().markDeleted(a, Instant.ofEpochMilli(100));
        long d = finished(policy("p5b"), "p5b", 4);
        assertThat(store.backups().freeze(d, "Before_upgrade 100%", "again", Instant.ofEpochMilli(101)))
                .isTrue();
        assertThat(store.backups().get(a).orElseThrow().frozen().name()).isEqualTo("Before_upgrade 100%");
        assertThat(store.backups().purgeDeleted(Instant.ofEpochMilli(1000))).isEqualTo(1);
        assertThat(store.backups().get(a)).isEmpty();
        assertThat(store.backups().get(b)).isPresent();
    }

    @Test
    void scriptRunsAndAlertsAreKept() {
        long policyId = policy("p6");
        long backup = finished(policyId, "p6", 1);
        ScriptRun before = new ScriptRun(ScriptRun.Phase.BEFORE, "before_p6.sh", null, ScriptRun.Outcome.FAILED, 3,
                "disk busy", Instant.ofEpochMilli(1), Instant.ofEpochMilli(2));
        ScriptRun after = new ScriptRun(ScriptRun.Phase.AFTER, null, "0", ScriptRun.Outcome.MISSING, null, null,
                Instant.ofEpochMilli(3), Instant.ofEpochMilli(3));
        store.backups().addScriptRun(backup, before);
        store.backups().addScriptRun(backup, after);
        assertThat(store.backups().scriptRuns(backup)).containsExactly(before, after);
        assertThat(store.backups().recentOutcomes(policyId, 5)).containsExactly(BackupStatus.SUCCESSFUL);

        store.alerts().raise(new AlertRepository.Raise("policy:" + policyId, AlertCategory.BACKUP, AlertSeverity.ERROR,
                policyId, "p6", backup, "Policy p6 Backup Failure", "first"), Instant.ofEpochMilli(10));
        store.alerts().raise(new AlertRepository.Raise("storage", AlertCategory.STORAGE, AlertSeverity.WARNING, null, null,
                null, "Storage", "second"), Instant.ofEpochMilli(20));
        assertThat(store.alerts().list(10)).extracting(Alert::message).containsExactly("second", "first");
        assertThat(store.alerts().list(1)).singleElement().satisfies(alert -> assertThat(alert.policyId()).isNull());
    }

    @Test
    void recoveriesKeepWhatTheyCreatedAndGoWithTheirBackup() {
        long policyId = policy("p7");
        long backup = finished(policyId, "p7", 1);
        assertThat(store.policies().get(policyId).orElseThrow().lastRecovered()).isNull();
        long recovery = store.recoveries().start(backup, policyId, "p7", "ebs-volume", "volume", "vol-1", "us-east-1",
                Map.of("sizeGiB", "20"), true, Instant.ofEpochMilli(40));
        long item = store.recoveries().addResource(recovery, "volume", "vol-new", "us-east-1", RecoveryRepository.PENDING,
                Map.of("zone", "us-east-1a"), Instant.ofEpochMilli(41));
        store.recoveries().setResourceState(item, RecoveryRepository.READY);
        store.recoveries().log(recovery, LogEntry.Level.INFO, "Created vol-new", Instant.ofEpochMilli(42));
        store.recoveries().finish(recovery, RecoveryStatus.SUCCESSFUL, "1 volume", Instant.ofEpochMilli(43));

        Recovery saved = store.recoveries().get(recovery).orElseThrow();
        assertThat(saved.status()).isEqualTo(RecoveryStatus.SUCCESSFUL);
        assertThat(saved.choices()).containsEntry("sizeGiB", "20");
        assertThat(saved.withOtherCredentials()).isTrue();
        assertThat(store.recoveries().resources(recovery)).singleElement().satisfies(r -> {
            assertThat(r.awsId()).isEqualTo("vol-new");
            assertThat(r.state()).isEqualTo(RecoveryRepository.READY);
            assertThat(r.details()).containsEntry("zone", "us-east-1a");
        });
        assertThat(store.recoveries().list(null, policyId, 10)).extracting(Recovery::id).containsExactly(recovery);
        assertThat(store.policies().get(policyId).orElseThrow().lastRecovered()).isEqualTo(Instant.ofEpochMilli(40));
        assertThat(store.policies().list()).singleElement()
                .satisfies(p -> assertThat(p.lastRecovered()).isEqualTo(Instant.ofEpochMilli(40)));
        assertThat(store.recoveries().logEntries(recovery)).extracting(LogEntry::message).containsExactly("Created vol-new");

        store.backups().markDeleted(backup, Instant.ofEpochMilli(50));
        store.backups().purgeDeleted(Instant.ofEpochMilli(100));
        assertThat(store.recoveries().get(recovery)).isEmpty();
        assertThat(store.recoveries().resources(recovery)).isEmpty();
    }

    /** Decision 0054: a recovery knows whether its plugin's start returned, and where its artifacts were. */
    @Test
    void aRecoveryRecordsWhenItsStartReturnedAndWhereItsArtifactsWere() {
        long policyId = policy("p9");
        long backup = finished(policyId, "p9", 1);
        long recovery = store.recoveries().start(backup, policyId, "p9", "ec2-instance", "instance", "i-1", "us-west-2",
                Map.of(), false, Instant.ofEpochMilli(40));
        assertThat(store.recoveries().startRecord(recovery)).contains(new RecoveryRepository.StartRecord(false, null, null));

        store.recoveries().setSource(recovery, "us-west-2", 77L);
        store.recoveries().startReturned(recovery);

        assertThat(store.recoveries().startRecord(recovery))
                .contains(new RecoveryRepository.StartRecord(true, "us-west-2", 77L));
        assertThat(store.recoveries().startRecord(recovery + 1000)).isEmpty();
    }

    @Test
    void aDueRetryIsKeptAndTakenOnce() {
        long policyId = policy("p8");
        long failed = finished(policyId, "p8", 1);
        store.backups().scheduleRetry(failed, Instant.ofEpochMilli(500));
        assertThat(store.backups().dueRetries()).containsExactly(
                new BackupRepository.DueRetry(failed, policyId, 1, Instant.ofEpochMilli(500)));
        assertThat(store.backups().claimRetry(failed)).isTrue();
        assertThat(store.backups().claimRetry(failed)).isFalse();
        assertThat(store.backups().dueRetries()).isEmpty();
    }

    @Test
    void anExportImportsIntoAFreshDatabaseWithEveryRowAndNewIdsFollowTheImportedOnes() throws Exception {
        store.users().insert("root", "$argon2id$hash", true);
        long policyId = policy("exported");
        long first = finished(policyId, "exported", 1_000);
        long second = finished(policyId, "exported", 2_000);
        store.backups().log(second, LogEntry.Level.INFO, "a line with ünïcode", Instant.ofEpochMilli(2_001));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StoreExport.Summary exported = StoreExport.export(dataSource, out);
        assertThat(exported.rows()).isGreaterThan(5);

        DataSource other = migratedDataSource();
        HavenStore restored = new HavenStore(other);
        // A fresh Haven may already hold rows of its own (its root user): the import replaces them.
        restored.users().insert("root", "$argon2id$other", true);
        StoreExport.Summary imported = StoreExport.importAll(other, new java.io.ByteArrayInputStream(out.toByteArray()));

        assertThat(imported).isEqualTo(exported);
        assertThat(restored.backups().get(first).orElseThrow().policyId()).isEqualTo(policyId);
        assertThat(restored.backups().artifacts(second)).hasSize(1);
        assertThat(restored.backups().logEntries(second)).extracting(LogEntry::message).contains("a line with ünïcode");
        assertThat(restored.policies().get(policyId).orElseThrow().spec().name()).isEqualTo("exported");
        assertThat(restored.users().count()).isEqualTo(1);
        assertThat(restored.users().byUsername("root").orElseThrow().passwordHash()).isEqualTo("$argon2id$hash");
        long third = restored.backups().start(policyId, 1L, "exported", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void anExportOfAnotherSchemaVersionIsRefusedAndNothingChanges() throws Exception {
        long policyId = policy("kept");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StoreExport.export(dataSource, out);
        byte[] bytes = out.toByteArray();
        bytes[StoreExport.MAGIC.length() + 3] += 1; // the schema version's last byte
        assertThatThrownBy(() -> StoreExport.importAll(dataSource, new java.io.ByteArrayInputStream(bytes)))
                .hasMessageContaining("schema version");
        assertThat(store.policies().get(policyId)).isPresent();
    }

    @Test
    void aStagedExportIsImportedAtItsVersionBeforeTheStoreStartsAndThenDeleted(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path folder) throws Exception {
        long policyId = policy("staged");
        java.nio.file.Path staged = folder.resolve("store.export");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(staged)) {
            StoreExport.export(dataSource, out);
        }
        Database fresh = new Database(freshDataSource());
        assertThat(StagedRestore.importIfStaged(fresh, staged)).isTrue();
        fresh.migrate();
        assertThat(java.nio.file.Files.exists(staged)).isFalse();
        assertThat(new PolicyRepository(fresh).get(policyId).orElseThrow().spec().name()).isEqualTo("staged");
        assertThat(StagedRestore.importIfStaged(fresh, staged)).isFalse();
    }

    /**
     * A PostgreSQL database is configured, not in the data folder: the restore tool cannot see that it holds a
     * Haven's data (it may be a running Haven's), so the store replaces such a database only after a forced restore.
     */
    @Test
    void aStagedExportReplacesADatabaseHoldingHavensDataOnlyWhenTheRestoreWasForced(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path folder) throws Exception {
        long policyId = policy("archived");
        java.nio.file.Path staged = folder.resolve("store.export");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(staged)) {
            StoreExport.export(dataSource, out);
        }
        HavenStore inUse = new HavenStore(migratedDataSource());
        Account account = inUse.accounts().insert(new Account(0, "acc", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null);
        long newer = inUse.policies().insert(new PolicySpec("newer", account.id(), null, true, 3, List.of(), 3, 1));

        assertThatThrownBy(() -> StagedRestore.importIfStaged(inUse.database(), staged))
                .hasMessageContaining("already holds Haven's data").hasMessageContaining("--force");
        assertThat(inUse.policies().get(newer).orElseThrow().spec().name()).as("nothing replaced").isEqualTo("newer");
        assertThat(java.nio.file.Files.exists(staged)).as("kept for another try").isTrue();

        java.nio.file.Files.createFile(folder.resolve(StagedRestore.REPLACE_MARKER));
        assertThat(StagedRestore.importIfStaged(inUse.database(), staged)).isTrue();
        assertThat(inUse.policies().get(policyId).orElseThrow().spec().name()).isEqualTo("archived");
        assertThat(folder.resolve(StagedRestore.REPLACE_MARKER)).doesNotExist();
    }

    @Test
    void logLineIdsComeFromBlocksAndIncreaseAcrossThemInTheOrderTheLinesWereWritten() {
        long policyId = policy("lines");
        long backup = finished(policyId, "lines", 1_000);
        IdBlockAllocator small = new IdBlockAllocator(store.database(), "backup_log", 3, Long.MAX_VALUE, () -> 0);
        long[] first = small.next(2);
        long[] across = small.next(5); // the rest of the first block and two more blocks
        assertThat(first).containsExactly(first[0], first[0] + 1);
        assertThat(across).isSorted().doesNotHaveDuplicates();
        assertThat(across[0]).isGreaterThan(first[1]);

        store.backups().log(backup, LogEntry.Level.INFO, "one", Instant.ofEpochMilli(2_000));
        store.backups().log(backup, LogEntry.Level.INFO, "two", Instant.ofEpochMilli(2_000));
        store.backups().log(backup, LogEntry.Level.WARNING, "three", Instant.ofEpochMilli(2_000));
        assertThat(store.backups().logEntries(backup)).extracting(LogEntry::message)
                .containsExactly("one", "two", "three");
        List<Long> ids = logLineIds(store.database(), backup);
        assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(0)).as("the store's block was reserved after the small one's").isGreaterThan(across[4]);
    }

    /** Two nodes on one database (two stores, each with its blocks): every line has an id of its own. */
    @Test
    void twoStoresOnOneDatabaseWriteLogLinesWithDistinctIds() throws Exception {
        long policyId = policy("nodes");
        long backup = finished(policyId, "nodes", 1_000);
        HavenStore other = new HavenStore(dataSource);
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            for (HavenStore node : List.of(store, other)) {
                writes.add(nodes.submit(() -> {
                    together.await();
                    for (int i = 0; i < 20; i++) {
                        node.backups().log(backup, LogEntry.Level.INFO, (node == store ? "a" : "b") + i,
                                Instant.ofEpochMilli(2_000));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> write : writes) {
                write.get(1, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            nodes.shutdownNow();
        }
        List<String> messages = store.backups().logEntries(backup).stream().map(LogEntry::message).toList();
        assertThat(messages).hasSize(40);
        for (String node : List.of("a", "b")) {
            List<String> ofNode = messages.stream().filter(m -> m.startsWith(node)).toList();
            assertThat(ofNode).as("each node's lines in the order it wrote them")
                    .isEqualTo(java.util.stream.IntStream.range(0, 20).mapToObj(i -> node + i).toList());
        }
        assertThat(logLineIds(store.database(), backup)).doesNotHaveDuplicates().hasSize(40);
    }

    /** A node's block is left after a while, so that its next line sorts after lines other nodes wrote meanwhile. */
    @Test
    void aBlockIsLeftOnceItIsOldSoThatANodesLinesKeepUpWithTheOthers() {
        long[] now = {0};
        IdBlockAllocator first = new IdBlockAllocator(store.database(), "backup_log", 1000, 1_000, () -> now[0]);
        IdBlockAllocator second = new IdBlockAllocator(store.database(), "backup_log", 1000, 1_000, () -> now[0]);
        long a = first.next();
        long b = second.next(); // a block reserved after first's
        now[0] = 1_000;
        assertThat(first.next()).as("still young").isEqualTo(a + 1);
        now[0] = 1_001;
        assertThat(first.next()).as("a new block, after second's").isGreaterThan(b + 999);
    }

    @Test
    void aDatabaseMigratedWithLogLinesContinuesPastThem() {
        DataSource old = freshDataSource();
        Database database = new Database(old);
        database.migrate(28);
        long backup = backupAsBeforeV29(database);
        for (String line : List.of("before 1", "before 2", "before 3")) {
            // As Haven wrote log lines before V29: the identity column gave the id.
            database.inTransaction(jdbc -> jdbc.insert("INSERT INTO backup_log (backup_id, logged_at, level, message) "
                    + "VALUES (?, ?, ?, ?)", backup, 2L, "INFO", line));
        }
        List<Long> before = logLineIds(database, backup);

        HavenStore migrated = new HavenStore(old);
        migrated.backups().log(backup, LogEntry.Level.INFO, "after", Instant.ofEpochMilli(3));

        long nextId = migrated.database().read(jdbc -> jdbc.count("SELECT next_id FROM id_counter WHERE name = ?",
                IdCounter.BACKUP_LOG));
        assertThat(nextId).as("the counter reserved a block from past the lines")
                .isEqualTo(before.get(2) + 1 + IdBlockAllocator.BLOCK_SIZE);
        List<Long> after = logLineIds(database, backup);
        assertThat(after).hasSize(4).isSorted();
        assertThat(after.subList(0, 3)).isEqualTo(before);
        assertThat(migrated.backups().logEntries(backup)).extracting(LogEntry::message)
                .containsExactly("before 1", "before 2", "before 3", "after");
        migrated.backups().finish(backup, BackupStatus.SUCCESSFUL, "done", Instant.ofEpochMilli(4));
        assertThat(migrated.backups().start(1L, 1L, "p", BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(5)))
                .as("the next backup id follows those of before V29").contains(backup + 1);
    }

    /** An export made before V29 is imported at its version; V29 then sets the counter past the imported lines. */
    @Test
    void anExportFromBeforeIdCountersIsMigratedPastItsRows(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        Database old = new Database(freshDataSource());
        old.migrate(28);
        long backup = backupAsBeforeV29(old);
        for (int i = 0; i < 5; i++) {
            String line = "old " + i;
            old.inTransaction(jdbc -> jdbc.insert("INSERT INTO backup_log (backup_id, logged_at, level, message) "
                    + "VALUES (?, ?, ?, ?)", backup, 2L, "INFO", line));
        }
        java.nio.file.Path staged = folder.resolve("store.export");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(staged)) {
            assertThat(StoreExport.export(old.dataSource(), out).schemaVersion()).isEqualTo(28);
        }
        DataSource target = freshDataSource();
        assertThat(StagedRestore.importIfStaged(new Database(target), staged)).isTrue();
        HavenStore restored = new HavenStore(target);
        restored.backups().log(backup, LogEntry.Level.INFO, "new", Instant.ofEpochMilli(3));

        assertThat(restored.backups().logEntries(backup)).extracting(LogEntry::message)
                .containsExactly("old 0", "old 1", "old 2", "old 3", "old 4", "new");
        List<Long> ids = logLineIds(restored.database(), backup);
        assertThat(ids.get(5)).isGreaterThan(ids.get(4));
        restored.backups().finish(backup, BackupStatus.SUCCESSFUL, "done", Instant.ofEpochMilli(4));
        assertThat(restored.backups().start(1L, 1L, "p", BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(5)))
                .as("the next backup id follows the imported ones").contains(backup + 1);
    }

    /**
     * Backup ids come from the counter in the transaction that inserts the backups: consecutive across manual and
     * scheduled starts, and a start that fails gives its ids back, so users see no gap.
     */
    @Test
    void backupIdsAreConsecutiveAndAFailedStartLeavesNoGap() {
        long first = policy("first");
        long second = policy("second");
        long manual = finished(first, "first", 1_000);
        Instant due = Instant.ofEpochMilli(10_000);
        List<BackupRepository.ScheduledStart> scheduled = store.backups().startScheduled(List.of(
                new BackupRepository.DueRun(first, 1L, "first", due), new BackupRepository.DueRun(second, 1L, "second",
                        due)), due, run -> "due");
        assertThat(scheduled).extracting(BackupRepository.ScheduledStart::id).containsExactly(manual + 1, manual + 2);

        long third = policy("third");
        assertThatThrownBy(() -> store.backups().startScheduled(List.of(new BackupRepository.DueRun(third, 1L, "third",
                due), new BackupRepository.DueRun(Long.MAX_VALUE, 1L, "x".repeat(101), due)), due, run -> "due"))
                .as("a policy name longer than the column fails the batch's inserts").isInstanceOf(StoreException.class);
        assertThat(store.backups().startScheduled(List.of(new BackupRepository.DueRun(third, 1L, "third", due)), due,
                run -> "due")).extracting(BackupRepository.ScheduledStart::id).containsExactly(manual + 3);
    }

    /**
     * An import into a store that already wrote log lines (a forced restore): the store leaves the block it held, which
     * the imported lines may use, and new lines follow the imported ones.
     */
    @Test
    void anExportCarriesTheLogLinesAndTheirCounterAndNewLinesFollowThemAfterAnImport() throws Exception {
        long policyId = policy("carried");
        long backup = finished(policyId, "carried", 1_000);
        for (int i = 0; i < 5; i++) {
            store.backups().log(backup, LogEntry.Level.INFO, "exported " + i, Instant.ofEpochMilli(1_001));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StoreExport.export(dataSource, out);
        assertThat(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).contains("id_counter");

        Database target = new Database(migratedDataSource());
        // A block that does not age, so that only the import makes the store leave it.
        target.idBlocks.put("backup_log", new IdBlockAllocator(target, "backup_log", 1000, Long.MAX_VALUE, () -> 0));
        BackupRepository targetBackups = new BackupRepository(target);
        long own = targetBackups.start(1L, 1L, "own", BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(5)).orElseThrow();
        targetBackups.log(own, LogEntry.Level.INFO, "from the block the import replaces", Instant.ofEpochMilli(6));
        StoreExport.importAll(target, new java.io.ByteArrayInputStream(out.toByteArray()));
        targetBackups.log(backup, LogEntry.Level.INFO, "after the import", Instant.ofEpochMilli(2_000));
        targetBackups.log(backup, LogEntry.Level.INFO, "and another", Instant.ofEpochMilli(2_001));

        assertThat(targetBackups.logEntries(backup)).extracting(LogEntry::message).containsExactly("exported 0",
                "exported 1", "exported 2", "exported 3", "exported 4", "after the import", "and another");
        List<Long> imported = logLineIds(store.database(), backup);
        List<Long> ids = logLineIds(target, backup);
        assertThat(ids).hasSize(7).isSorted().doesNotHaveDuplicates();
        assertThat(ids.subList(0, 5)).as("the imported lines keep their ids").isEqualTo(imported);
    }

    /**
     * A batch of scheduled starts holds the backup counter until it commits; log lines, whose blocks come from the
     * other counter, are still written meanwhile (the two counters' rows are locked apart).
     */
    @Test
    void logLinesAreWrittenWhileABackupStartHoldsTheBackupCounter() throws Exception {
        long policyId = policy("held");
        long backup = finished(policyId, "held", 1_000);
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch logged = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Long> held = starter.submit(() -> store.database().inTransaction(jdbc -> {
                long id = IdCounter.take(jdbc, IdCounter.BACKUP, 100);
                taken.countDown();
                try {
                    logged.await(30, java.util.concurrent.TimeUnit.SECONDS); // bounds a failure, not a wait for success
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                holding.set(false);
                return id;
            }));
            assertThat(taken.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            store.backups().log(backup, LogEntry.Level.INFO, "while the counter is held", Instant.ofEpochMilli(2_000));
            assertThat(holding.get()).as("the log line did not wait for the backup counter's transaction").isTrue();
            logged.countDown();
            assertThat(held.get(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(backup + 1);
        } finally {
            logged.countDown();
            starter.shutdownNow();
        }
        assertThat(store.backups().logEntries(backup)).extracting(LogEntry::message)
                .containsExactly("while the counter is held");
    }

    /** A backup as Haven inserted it before V29: the identity column gave the id. */
    private static long backupAsBeforeV29(Database database) {
        return database.inTransaction(jdbc -> jdbc.insert("INSERT INTO backup (policy_id, account_id, policy_name, "
                + "status, trigger_kind, attempt, all_started, failed_targets, started_at, owner_id) VALUES (1, 1, 'p', "
                + "'IN_PROGRESS', 'MANUAL', 1, FALSE, 0, 1, 1)"));
    }

    private static List<Long> logLineIds(Database database, long backupId) {
        return database.read(jdbc -> jdbc.query("SELECT id FROM backup_log WHERE backup_id = ? ORDER BY id",
                rs -> rs.getLong(1), backupId));
    }

    private BackupRepository.ScheduledStart startScheduled(long policyId, Instant due, Instant now) {
        return store.backups().startScheduled(List.of(new BackupRepository.DueRun(policyId, 1L, "due", due)), now,
                run -> "due at " + run.dueAt()).get(0);
    }

    private long finished(long policyId, String name, long at) {
        long id = store.backups().start(policyId, 1L, name, BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(at))
                .orElseThrow();
        store.backups().addArtifact(id, "ebs-volume", new Artifact("ebs-snapshot", "snap-" + name + at, "us-east-1",
                "vol-1", Map.of()), Instant.ofEpochMilli(at));
        store.backups().finish(id, BackupStatus.SUCCESSFUL, "ok", Instant.ofEpochMilli(at));
        return id;
    }

    private List<Long> ids(BackupQuery query) {
        return store.backups().list(query).items().stream().map(Backup::id).toList();
    }

    private long policy(String name) {
        Account account = store.accounts().insert(new Account(0, "acc-" + name, AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null);
        long schedule = store.schedules().insert(new ScheduleSpec("s-" + name, null, 1, Frequency.HOURS, Instant.now(),
                null, Set.of(), List.of()));
        long id = store.policies().insert(new PolicySpec(name, account.id(), null, true, 3, List.of(schedule), 3, 1));
        assertThat(store.policies().get(id).orElseThrow().spec().scheduleIds()).containsExactly(schedule);
        return id;
    }
}
