package io.haven.shell.recovery;

import io.haven.api.model.Caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptRun.Outcome;
import io.haven.api.model.ScriptRun.Phase;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Resource;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeBackups;
import io.haven.shell.testing.FakeConfigAdmin;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recovery in the shell (guide 9). */
class RecoveryCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeRecoveries recoveries = new FakeRecoveries();

    @Test
    void thePanelListsRecoverablesAndOneRecoverablesOptions() throws Exception {
        RecoveryPanelCommand panel = new RecoveryPanelCommand();
        panel.recoveries = recoveries;
        panel.backups = backupOne();
        panel.backupId = 1;
        Console.Run run = Console.execute(panel);
        assertThat(run.err()).isEmpty();
        assertThat(Table.rows(run.out())).singleElement().satisfies(r -> assertThat(r).containsEntry("Key", "vol-1")
                .containsEntry("Kind", "volume"));
        assertThat(run.out()).contains("No installed plugin recovers: widget").doesNotContain("Backup scripts");

        panel.key = "vol-1";
        String options = Console.execute(panel).out();
        assertThat(options).contains("sizeGiB").contains("gp2, gp3").contains("Note: Tags are restored");
        panel.key = "vol-9";
        assertThat(Console.execute(panel).err()).isEqualTo("Error: key: Backup 1 holds nothing recoverable as 'vol-9'" + NL);
    }

    @Test
    void thePanelSaysHowTheBackupScriptsEnded() throws Exception {
        RecoveryPanelCommand panel = new RecoveryPanelCommand();
        panel.recoveries = recoveries;
        FakeBackups backups = backupOne();
        backups.scripts.put(1L, List.of(
                new ScriptRun(Phase.BEFORE, "before_web.sh", null, Outcome.SUCCEEDED, 0, null, T0, T0),
                new ScriptRun(Phase.AFTER, "after_web.sh", "1", Outcome.TIMED_OUT, null, null, T0, T0),
                new ScriptRun(Phase.COMPLETE, null, "0", Outcome.MISSING, null, null, T0, T0)));
        panel.backups = backups;
        panel.backupId = 1;

        assertThat(Console.execute(panel).out()).contains("Backup scripts: before_web.sh succeeded, "
                + "after_web.sh timed out, complete_… missing (haven:backup-scripts 1 shows their output)");
    }

    @Test
    void recoverPassesTheChoicesAndAsksForOtherKeysWithTheSecretMasked() throws Exception {
        FakeSession session = FakeSession.withAnswer("AKIAOTHER");
        RecoverCommand recover = recover(session);
        recover.settings = List.of("sizeGiB=20", "volumeType = gp3");
        recover.otherKeys = true;

        Console.Run run = Console.execute(recover);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("Recovery 7 of vol-1 started; follow it with haven:recovery-show 7" + NL);
        assertThat(recoveries.lastRequest.choices()).containsEntry("sizeGiB", "20").containsEntry("volumeType", "gp3");
        assertThat(recoveries.lastRequest.credentials().accessKeyId()).isEqualTo("AKIAOTHER");
        assertThat(session.prompts()).extracting(FakeSession.Prompt::mask).containsExactly(null, '*');
    }

    /** Guide 10.5: another account of the user, offered by the panel and passed to core by both commands. */
    @Test
    void theTargetAccountIsOfferedAndPassedOn() throws Exception {
        RecoveryPanelCommand panel = new RecoveryPanelCommand();
        panel.recoveries = recoveries;
        panel.backups = backupOne();
        panel.backupId = 1;
        assertThat(Console.execute(panel).out()).contains("Also recoverable in staging (2): --target-account ID");
        panel.targetAccount = 2L;
        assertThat(Console.execute(panel).out()).contains("Recovered in account 2 after sharing the snapshots");
        assertThat(recoveries.lastTargetAccountId).isEqualTo(2L);

        RecoverCommand recover = recover(FakeSession.withAnswer(""));
        recover.targetAccount = 2L;
        assertThat(Console.execute(recover).err()).isEmpty();
        assertThat(recoveries.lastRequest.targetAccountId()).isEqualTo(2L);
    }

    @Test
    void aMalformedChoiceOrARefusedOneIsOneErrorLine() throws Exception {
        RecoverCommand recover = recover(FakeSession.withAnswer(""));
        recover.settings = List.of("sizeGiB");
        assertThat(Console.execute(recover).err()).isEqualTo("Error: set: Write a choice as name=value, not 'sizeGiB'" + NL);
        recover.settings = List.of("sizeGiB=1");
        assertThat(Console.execute(recover).err())
                .isEqualTo("Error: sizeGiB: A volume can grow, never shrink: at least 8" + NL);
    }

    @Test
    void waitFollowsTheLogToTheEnd() throws Exception {
        recoveries.status = RecoveryStatus.SUCCESSFUL;
        RecoverCommand recover = recover(FakeSession.withAnswer(""));
        recover.await = true;
        String out = Console.execute(recover).out();
        assertThat(out).contains("INFO Created volume vol-new").endsWith("Recovery successful: created volume vol-new" + NL);
    }

    @Test
    void showGivesOutcomeResourcesAndLog() throws Exception {
        RecoveryShowCommand show = new RecoveryShowCommand();
        show.recoveries = recoveries;
        show.configAdmin = FakeConfigAdmin.withTimeZone("UTC");
        show.id = 7;
        String out = Console.execute(show).out();
        assertThat(out).contains("Recovery 7 of volume vol-1 from backup 1 (policy web): IN_PROGRESS")
                .contains("with other access keys").contains("vol-new").contains("zone=us-east-1a")
                .doesNotContain("pendingTags");
    }

    @Test
    void theAmiAssistantShowsTheRecordAndTheMatches() throws Exception {
        AmiAssistantCommand assistant = new AmiAssistantCommand();
        assistant.recoveries = recoveries;
        assistant.backupId = 1;
        assistant.key = "i-1";
        assistant.exact = true;
        String out = Console.execute(assistant).out();
        assertThat(out).contains("name: web-base").contains("ami-1").contains("exact").contains("Kernel")
                .contains("aki-88aa75e1").contains("ari-1234abcd");
        assertThat(recoveries.lastExactOnly).isTrue();
        assertThat(recoveries.lastDrAccountId).isNull();
        assertThat(recoveries.lastTargetAccountId).isNull();
        assertThat(recoveries.recordedWith).containsExactly(null, null, null);

        // the account the recovery runs in (guide 10.5, 11.5); the record is read there too (issue 11)
        assistant.region = "us-west-2";
        assistant.drAccount = 3L;
        assistant.targetAccount = 2L;
        Console.execute(assistant);
        assertThat(recoveries.lastDrAccountId).isEqualTo(3L);
        assertThat(recoveries.lastTargetAccountId).isEqualTo(2L);
        assertThat(recoveries.recordedWith).containsExactly("us-west-2", 3L, 2L);
    }

    private RecoverCommand recover(FakeSession session) {
        RecoverCommand recover = new RecoverCommand();
        recover.recoveries = recoveries;
        recover.session = session.session();
        recover.backupId = 1;
        recover.key = "vol-1";
        return recover;
    }

    private static FakeBackups backupOne() {
        FakeBackups backups = new FakeBackups();
        backups.add(new Backup(1, 1, "web", BackupStatus.SUCCESSFUL, BackupTrigger.MANUAL, 1, T0, T0, "ok"));
        return backups;
    }

    /** Backup 1 holds vol-1; recovery 7 exists. */
    static final class FakeRecoveries implements RecoveryService {
        RecoveryRequest lastRequest;
        Boolean lastExactOnly;
        RecoveryStatus status = RecoveryStatus.IN_PROGRESS;

        @Override
        public RecoveryPanel panel(Caller caller, long backupId, String region) {
            if (region != null) {
                throw new io.haven.api.service.ValidationException("region", "No DR copy in " + region);
            }
            return panel(caller, backupId);
        }

        @Override
        public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId) {
            lastDrAccountId = drAccountId;
            return panel(caller, backupId, region);
        }

        Long lastDrAccountId;
        Long lastTargetAccountId;

        @Override
        public RecoveryPanel panel(Caller caller, long backupId, String region, Long drAccountId, Long targetAccountId) {
            lastTargetAccountId = targetAccountId;
            RecoveryPanel panel = panel(caller, backupId, region, drAccountId);
            return panel.inAccount(panel.recoverables(), targetAccountId, List.of(
                    new io.haven.api.model.AccountChoice(2, "staging", "222222222222")));
        }

        @Override
        public RecoveryPanel panel(Caller caller, long backupId) {
            Backup backup = new Backup(backupId, 1, "web", BackupStatus.SUCCESSFUL, BackupTrigger.MANUAL, 1, T0, T0, "ok");
            return new RecoveryPanel(backup, List.of(new Recoverable("volume", "vol-1", "ebs-volume", "vol-1",
                    "us-east-1", "data (vol-1)", List.of(RecoveryOption.free("sizeGiB", "8", "Size, never smaller"),
                    RecoveryOption.oneOf("volumeType", "gp2", "Type", List.of("gp2", "gp3"))),
                    List.of("Tags are restored"), List.of())), List.of(), List.of("widget"));
        }

        @Override
        public Recovery start(Caller caller, long backupId, RecoveryRequest request) {
            lastRequest = request;
            if ("1".equals(request.choices().get("sizeGiB"))) {
                throw new ValidationException("sizeGiB", "A volume can grow, never shrink: at least 8");
            }
            return get(caller, 7);
        }

        @Override
        public Recovery get(Caller caller, long recoveryId) {
            if (recoveryId != 7) {
                throw new NotFoundException("Recovery", recoveryId);
            }
            return new Recovery(7, 1, 1, "web", "ebs-volume", "volume", "vol-1", "us-east-1", status, Map.of(), true,
                    T0, status == RecoveryStatus.IN_PROGRESS ? null : T0,
                    status == RecoveryStatus.IN_PROGRESS ? null : "created volume vol-new");
        }

        @Override
        public List<Recovery> list(Caller caller, Long backupId, Long policyId, int limit) {
            return List.of(get(caller, 7));
        }

        @Override
        public List<RecoveredItem> resources(Caller caller, long recoveryId) {
            return List.of(new RecoveredItem(1, 7, "volume", "vol-new", "us-east-1", "READY",
                    Map.of("zone", "us-east-1a", "pendingTags", "x"), T0));
        }

        @Override
        public List<LogEntry> log(Caller caller, long recoveryId) {
            return List.of(new LogEntry(T0, LogEntry.Level.INFO, "Created volume vol-new"));
        }

        /** The region and accounts the record was last read with. */
        List<Object> recordedWith;

        @Override
        public Map<String, String> recordedImage(Caller caller, long backupId, String key, String region,
                                                 Long drAccountId, Long targetAccountId) {
            recordedWith = java.util.Arrays.asList(region, drAccountId, targetAccountId);
            return Map.of("id", "ami-1", "name", "web-base");
        }

        @Override
        public List<Resource> searchImages(Caller caller, long backupId, String key, String region, Long drAccountId,
                                           Long targetAccountId, boolean exactOnly) {
            lastExactOnly = exactOnly;
            lastDrAccountId = drAccountId;
            lastTargetAccountId = targetAccountId;
            return List.of(new Resource("ami", "ami-1", "us-east-1", "web-base", Map.of(), Map.of("match", "exact",
                    "kernelId", "aki-88aa75e1", "ramdiskId", "ari-1234abcd")));
        }
    }
}
