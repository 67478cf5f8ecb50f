package io.haven.shell.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.LogEntry;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptRun;
import io.haven.shell.testing.Completions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeBackups;
import io.haven.shell.testing.FakeConfigAdmin;
import io.haven.shell.testing.FakePolicies;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backups in the shell; times are shown in the server's zone, here America/New_York (UTC-4 in May). */
class BackupCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeBackups backups = new FakeBackups();
    private final FakePolicies policies = new FakePolicies();

    @BeforeEach
    void twoPoliciesAndThreeBackups() {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        policies.add(new PolicySpec("db", 1, null, true, 7, List.of(), 3, 1));
        backups.add(new Backup(1, 1, "web", BackupStatus.SUCCESSFUL, BackupTrigger.SCHEDULE, 1, T0,
                T0.plusSeconds(95), "2 snapshots"));
        backups.add(new Backup(2, 2, "db", BackupStatus.FAILED, BackupTrigger.RETRY, 2, T0.plusSeconds(3600),
                T0.plusSeconds(3700), "db1 does not exist"));
        backups.add(new Backup(3, 1, "web", BackupStatus.IN_PROGRESS, BackupTrigger.MANUAL, 1, T0.plusSeconds(7200),
                null, null));
    }

    @Test
    void listShowsANewestFirstPageWithTimesInTheServersZone() throws Exception {
        BackupListCommand list = list();
        Console.Run run = Console.execute(list);

        List<Map<String, String>> rows = Table.rows(run.out());
        assertThat(rows).extracting(r -> r.get("ID")).containsExactly("3", "2", "1");
        assertThat(rows.get(1)).containsEntry("Policy", "db").containsEntry("Status", "FAILED")
                .containsEntry("Trigger", "RETRY").containsEntry("Attempt", "2")
                .containsEntry("Started", "2026-05-01 09:00:00").containsEntry("Ended", "2026-05-01 09:01:40")
                .containsEntry("Message", "db1 does not exist");
        assertThat(rows.get(0)).containsEntry("Ended", "").containsEntry("Message", "");
        assertThat(run.out()).endsWith("Page 1 of 1, 3 backups" + NL);
        assertThat(backups.lastQuery).isEqualTo(new BackupQuery(null, null, "started", true, 0, 20));
    }

    @Test
    void listFiltersByPolicyNameAndStatusAndPagesFromOne() throws Exception {
        BackupListCommand list = list();
        list.policy = "web";
        list.status = "successful";
        list.page = 1;
        list.size = 1;
        Console.Run run = Console.execute(list);
        assertThat(backups.lastQuery).isEqualTo(new BackupQuery(1L, BackupStatus.SUCCESSFUL, "started", true, 0, 1));
        assertThat(Table.rows(run.out())).extracting(r -> r.get("ID")).containsExactly("1");

        list.status = null;
        list.page = 2;
        run = Console.execute(list);
        assertThat(backups.lastQuery.page()).isEqualTo(1);
        assertThat(Table.rows(run.out())).extracting(r -> r.get("ID")).containsExactly("1");
        assertThat(run.out()).endsWith("Page 2 of 2, 2 backups" + NL);
    }

    /** Paging by cursor (decision 0035): each page prints the cursor of the next, which --cursor takes. */
    @Test
    void listPagesByCursorAndPrintsTheNextCursor() throws Exception {
        BackupListCommand list = list();
        list.size = 2;
        Console.Run first = Console.execute(list);
        assertThat(Table.rows(first.out())).extracting(r -> r.get("ID")).containsExactly("3", "2");
        assertThat(first.out()).endsWith("Page 1 of 2, 3 backups" + NL + "Next page: --cursor after-2" + NL);

        list.cursor = "after-2";
        Console.Run second = Console.execute(list);
        assertThat(backups.lastQuery).isEqualTo(new BackupQuery(null, null, "started", true, 0, 2, null, null, "after-2"));
        assertThat(Table.rows(second.out())).extracting(r -> r.get("ID")).containsExactly("1");
        assertThat(second.out()).endsWith("After the cursor, of 3 backups" + NL).doesNotContain("Next page");

        list.cursor = "0";
        assertThat(Console.execute(list).err()).isEqualTo("Error: cursor: This cursor was changed or was not made by Haven" + NL);
    }

    @Test
    void badFiltersAreOneErrorLine() throws Exception {
        BackupListCommand list = list();
        list.status = "broken";
        assertThat(Console.execute(list).err()).isEqualTo("Error: status: Not a backup status: 'broken'; use "
                + "IN_PROGRESS, SUCCESSFUL, PARTIALLY_SUCCESSFUL, FAILED" + NL);
        list.status = null;
        list.page = 0;
        assertThat(Console.execute(list).err()).isEqualTo("Error: page: Pages are counted from 1" + NL);
        list.page = 1;
        list.policy = "nope";
        Console.Run run = Console.execute(list);
        assertThat(run.err()).isEqualTo("Error: Policy nope does not exist" + NL);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void showGivesStatusTimesAndEveryArtifact() throws Exception {
        backups.artifacts.put(1L, List.of(
                new BackupArtifact(11, 1, "ec2-instance", "ebs-snapshot", "snap-1", "us-east-1", "i-1", "vol-1", "i-1",
                        "/dev/sda1", "completed", T0, T0.plusSeconds(60)),
                new BackupArtifact(12, 1, "ec2-instance", "ebs-snapshot", "snap-2", "us-east-1", "i-1", "vol-2", "i-1",
                        "/dev/sdf", "pending", T0, null)));
        BackupShowCommand show = new BackupShowCommand();
        show.backups = backups;
        show.configAdmin = FakeConfigAdmin.withTimeZone("America/New_York");
        show.id = 1;

        Console.Run run = Console.execute(show);

        assertThat(run.out()).containsPattern("Status +\\| SUCCESSFUL").containsPattern("Policy +\\| web \\(1\\)")
                .containsPattern("Trigger +\\| SCHEDULE, attempt 1").containsPattern("Started +\\| 2026-05-01 08:00:00")
                .containsPattern("Ended +\\| 2026-05-01 08:01:35").containsPattern("Message +\\| 2 snapshots");
        String artifactTable = run.out().substring(run.out().indexOf("ID"));
        assertThat(Table.rows(artifactTable)).containsExactly(
                Map.of("ID", "11", "Kind", "ebs-snapshot", "AWS id", "snap-1", "Region", "us-east-1", "Resource", "i-1",
                        "Volume", "vol-1", "Instance", "i-1", "Device", "/dev/sda1", "State", "completed",
                        "Completed", "2026-05-01 08:01:00"),
                Map.of("ID", "12", "Kind", "ebs-snapshot", "AWS id", "snap-2", "Region", "us-east-1", "Resource", "i-1",
                        "Volume", "vol-2", "Instance", "i-1", "Device", "/dev/sdf", "State", "pending", "Completed", ""));
    }

    /** Guide 10.2: the DR status in the list and the details, and every copy with the backup's snapshots. */
    @Test
    void theDrStatusIsListedAndShowListsTheCopies() throws Exception {
        backups.add(new Backup(4, 1, "web", BackupStatus.SUCCESSFUL, BackupTrigger.SCHEDULE, 1, T0.plusSeconds(9000),
                T0.plusSeconds(9100), "1 snapshot", null, null, io.haven.api.model.DrStatus.COMPLETED));
        backups.drCopies.put(4L, List.of(new io.haven.api.model.DrCopy(1, 4, 11, "ebs-volume", "ebs-snapshot", "snap-1",
                "us-east-1", "snap-9", "us-west-2", "COMPLETED", null, T0, T0.plusSeconds(600), null)));
        Console.Run listed = Console.execute(list());
        assertThat(Table.rows(listed.out())).filteredOn(r -> r.get("ID").equals("4")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("DR", "COMPLETED"));
        assertThat(Table.rows(listed.out())).filteredOn(r -> r.get("ID").equals("1")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("DR", "NONE"));

        BackupShowCommand show = new BackupShowCommand();
        show.backups = backups;
        show.configAdmin = FakeConfigAdmin.withTimeZone("UTC");
        show.id = 4;
        String out = Console.execute(show).out();
        assertThat(out).containsPattern("DR +\\| COMPLETED");
        assertThat(Table.rows(out.substring(out.indexOf("DR copy of")))).containsExactly(Map.of("DR copy of", "snap-1",
                "From", "us-east-1", "Copy", "snap-9", "To", "us-west-2", "State", "COMPLETED",
                "Completed", "2026-05-01 12:10:00", "Message", ""));
    }

    @Test
    void showSaysWhenABackupIsStillRunningOrUnknown() throws Exception {
        BackupShowCommand show = new BackupShowCommand();
        show.backups = backups;
        show.id = 3;
        Console.Run run = Console.execute(show);
        assertThat(run.out()).containsPattern("Ended +\\| still running").contains("No artifacts");
        show.id = 99;
        assertThat(Console.execute(show).err()).isEqualTo("Error: Backup 99 does not exist" + NL);
    }

    @Test
    void logListsTheEntriesInOrder() throws Exception {
        backups.logs.put(2L, List.of(new LogEntry(T0.plusSeconds(3600), LogEntry.Level.INFO, "Backup started"),
                new LogEntry(T0.plusSeconds(3700), LogEntry.Level.ERROR, "db1 does not exist")));
        BackupLogCommand log = new BackupLogCommand();
        log.backups = backups;
        log.configAdmin = FakeConfigAdmin.withTimeZone("America/New_York");
        log.id = 2;

        assertThat(Table.rows(Console.execute(log).out())).containsExactly(
                Map.of("Time", "2026-05-01 09:00:00", "Level", "INFO", "Message", "Backup started"),
                Map.of("Time", "2026-05-01 09:01:40", "Level", "ERROR", "Message", "db1 does not exist"));
    }

    @Test
    void theStatusCompleterOffersEveryStatus() {
        assertThat(Completions.of(new BackupStatusCompleter(), "")).containsExactlyInAnyOrder("IN_PROGRESS",
                "SUCCESSFUL", "PARTIALLY_SUCCESSFUL", "FAILED");
        assertThat(Completions.of(new BackupStatusCompleter(), "s")).containsExactly("SUCCESSFUL");
    }

    @Test
    void freezeNamesABackupAndTheFreezerIsListedAndSearched() throws Exception {
        BackupFreezeCommand freeze = new BackupFreezeCommand();
        freeze.backups = backups;
        freeze.id = 1;
        freeze.name = "golden";
        freeze.description = "before the upgrade";
        assertThat(Console.execute(freeze).out()).isEqualTo("Backup 1 is in the freezer as 'golden'" + NL);
        freeze.id = 2;
        assertThat(Console.execute(freeze).err()).isEqualTo("Error: Another frozen backup is already named 'golden'" + NL);

        BackupListCommand list = list();
        list.frozen = true;
        list.search = "upgrade";
        List<Map<String, String>> rows = Table.rows(Console.execute(list).out());
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("ID", "1")
                .containsEntry("Frozen as", "golden"));
        assertThat(backups.lastQuery.frozen()).isTrue();
        assertThat(backups.lastQuery.text()).isEqualTo("upgrade");

        BackupShowCommand show = new BackupShowCommand();
        show.backups = backups;
        show.configAdmin = FakeConfigAdmin.withTimeZone("UTC");
        show.id = 1;
        assertThat(Console.execute(show).out()).contains("golden").contains("before the upgrade");
    }

    @Test
    void deleteAsksFirstUnlessForced() throws Exception {
        BackupDeleteCommand delete = new BackupDeleteCommand();
        delete.backups = backups;
        delete.id = 2;
        FakeSession no = FakeSession.withAnswer("no");
        delete.session = no.session();
        assertThat(Console.execute(delete).out()).isEqualTo("Nothing deleted" + NL);
        assertThat(no.prompts().get(0).text()).isEqualTo("Delete backup 2 of policy db and its snapshots? (yes/no) ");
        assertThat(backups.get(null, 2).deleted()).isNull();

        delete.force = true;
        assertThat(Console.execute(delete).out()).isEqualTo("Deleted backup 2" + NL);
        assertThat(backups.get(null, 2).deleted()).isNotNull();
    }

    @Test
    void scriptsShowsEachRunWithItsStandardError() throws Exception {
        backups.scripts.put(1L, List.of(new ScriptRun(ScriptRun.Phase.BEFORE, "before_web.sh", null,
                ScriptRun.Outcome.FAILED, 2, "db busy\n", T0, T0.plusSeconds(1)),
                new ScriptRun(ScriptRun.Phase.AFTER, null, "0", ScriptRun.Outcome.MISSING, null, null, T0, T0)));
        BackupScriptsCommand scripts = new BackupScriptsCommand();
        scripts.backups = backups;
        scripts.configAdmin = FakeConfigAdmin.withTimeZone("UTC");
        scripts.id = 1;

        List<Map<String, String>> rows = Table.rows(Console.execute(scripts).out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("Phase", "BEFORE").containsEntry("Script", "before_web.sh")
                .containsEntry("Outcome", "FAILED").containsEntry("Exit", "2").containsEntry("Standard error", "db busy");
        assertThat(rows.get(1)).containsEntry("Argument", "0").containsEntry("Outcome", "MISSING");
    }

    private BackupListCommand list() {
        BackupListCommand list = new BackupListCommand();
        list.backups = backups;
        list.policies = policies;
        list.configAdmin = FakeConfigAdmin.withTimeZone("America/New_York");
        return list;
    }
}
