package io.haven.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.LogEntry;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.target.Artifact;
import io.haven.api.target.TargetSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
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

    @BeforeEach
    void freshDatabase() {
        dataSource = freshDataSource();
        store = new HavenStore(dataSource);
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
        long first = store.backups().start(policyId, "p1", BackupTrigger.MANUAL, 1, Instant.ofEpochMilli(1)).orElseThrow();
        assertThat(store.backups().start(policyId, "p1", BackupTrigger.SCHEDULE, 1, Instant.ofEpochMilli(2))).isEmpty();
        store.backups().finish(first, BackupStatus.SUCCESSFUL, "ok", Instant.ofEpochMilli(3));
        for (int i = 0; i < 4; i++) {
            long id = store.backups().start(policyId, "p1", BackupTrigger.SCHEDULE, 1, Instant.ofEpochMilli(10 + i))
                    .orElseThrow();
            store.backups().finish(id, BackupStatus.FAILED, "no", Instant.ofEpochMilli(20 + i));
        }
        var page = store.backups().list(new BackupQuery(policyId, BackupStatus.FAILED, "started", true, 1, 3));
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).started()).isEqualTo(Instant.ofEpochMilli(10));
    }

    @Test
    void artifactsAreRecordedOnceWithTheirDetailsAndLogsKeepOrder() {
        long policyId = policy("p2");
        long backup = store.backups().start(policyId, "p2", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
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
    void policyTargetsKeepTheirOptions() {
        long policyId = policy("p3");
        store.policies().addTarget(policyId, new TargetSpec("ec2-instance", "eu-west-1", "i-1",
                Map.of("volumes", "include", "devices", "/dev/sda1,/dev/sdf")));
        assertThat(store.policies().targets(policyId)).singleElement()
                .satisfies(t -> assertThat(t.spec().options()).containsEntry("devices", "/dev/sda1,/dev/sdf"));
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
