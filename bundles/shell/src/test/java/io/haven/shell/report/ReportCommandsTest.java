package io.haven.shell.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.api.service.ValidationException;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAccounts;
import io.haven.shell.testing.FakeConfigAdmin;
import io.haven.shell.testing.FakePolicies;
import io.haven.shell.testing.FakeUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report commands: names and typed times to the filter, the file in the user's reports folder. */
class ReportCommandsTest {

    @TempDir
    Path data;

    private final FakeAccounts accounts = new FakeAccounts();
    private final FakePolicies policies = new FakePolicies();
    private final Recording reports = new Recording();

    @Test
    void backupsAreWrittenToTheUsersReportsFolderWithTheFilterMadeFromNames() throws Exception {
        long account = accounts.add("prod", AuthMethod.INSTANCE_ROLE).id();
        policies.add(new PolicySpec("web", account, null, true, 7, List.of(), 0, 0));
        ReportBackupsCommand command = prepare(new ReportBackupsCommand());
        command.out = "may.csv";
        command.user = "root";
        command.account = "prod";
        command.policy = "web";
        command.from = "2026-05-01";
        command.to = "2026-06-01 08:30";

        Console.Run run = Console.execute(command);

        Path written = data.resolve("reports").resolve("root").resolve("may.csv");
        assertThat(run.err()).isEmpty();
        assertThat(run.out().trim()).isEqualTo("Wrote " + written.toAbsolutePath());
        assertThat(Files.readString(written)).isEqualTo("backups\r\n");
        assertThat(reports.lastFilter).isEqualTo(new ReportFilter(FakeUsers.ROOT.id(), account, 1L,
                Instant.parse("2026-05-01T04:00:00Z"), Instant.parse("2026-06-01T12:30:00Z")));
        assertThat(Files.list(written.getParent())).as("no temporary file left").hasSize(1);
    }

    @Test
    void snapshotsAndUsageGoTheirWay() throws Exception {
        ReportSnapshotsCommand snapshots = prepare(new ReportSnapshotsCommand());
        snapshots.out = "s.csv";
        Console.execute(snapshots);
        assertThat(Files.readString(data.resolve("reports/root/s.csv"))).isEqualTo("snapshots\r\n");
        assertThat(reports.lastFilter).isEqualTo(ReportFilter.all());

        ReportUsageCommand usage = new ReportUsageCommand();
        usage.reports = reports;
        usage.users = new FakeUsers();
        usage.files = new ReportFile(data.resolve("reports"));
        usage.out = "u.csv";
        usage.all = true;
        Console.execute(usage);
        assertThat(Files.readString(data.resolve("reports/root/u.csv"))).isEqualTo("usage all\r\n");
    }

    /** Guide 14.3, "Permission Summary": the account by id or name, its check's CSV into the reports folder. */
    @Test
    void thePermissionSummaryOfAnAccountNamedByIdOrNameIsWritten() throws Exception {
        long account = accounts.add("prod", AuthMethod.INSTANCE_ROLE).id();
        ReportPermissionsCommand command = new ReportPermissionsCommand();
        command.reports = reports;
        command.users = new FakeUsers();
        command.accounts = accounts;
        command.files = new ReportFile(data.resolve("reports"));
        command.account = "prod";
        command.region = "eu-west-1";
        command.out = "prod-permissions.csv";

        Console.Run run = Console.execute(command);

        Path written = data.resolve("reports/root/prod-permissions.csv");
        assertThat(run.err()).isEmpty();
        assertThat(run.out().trim()).isEqualTo("Wrote " + written.toAbsolutePath());
        assertThat(Files.readString(written)).isEqualTo("permissions " + account + " eu-west-1\r\n");

        command.account = String.valueOf(account);
        command.region = null;
        Console.execute(command);
        assertThat(Files.readString(written)).isEqualTo("permissions " + account + " null\r\n");

        command.account = "staging";
        command.out = "staging.csv";
        assertThat(Console.execute(command).err()).isEqualTo("Error: Account staging does not exist"
                + System.lineSeparator());
        assertThat(data.resolve("reports/root/staging.csv")).doesNotExist();
    }

    @Test
    void aBadOptionIsOneErrorLineAndNoFile() throws Exception {
        ReportBackupsCommand command = prepare(new ReportBackupsCommand());
        command.out = "x.csv";
        command.from = "last tuesday";

        Console.Run run = Console.execute(command);

        assertThat(run.err()).startsWith("Error: from: ");
        assertThat(data.resolve("reports/root/x.csv")).doesNotExist();
        assertThat(reports.lastFilter).isNull();
    }

    @Test
    void onlyRootWritesOutsideItsReportsFolder() {
        ReportFile files = new ReportFile(data.resolve("reports"));
        Caller carol = Caller.of(new User(7, "carol", UserType.MANAGED, 2L));
        Caller root = Caller.of(FakeUsers.ROOT);

        assertThat(files.resolve(carol, "sub/a.csv"))
                .isEqualTo(data.resolve("reports/carol/sub/a.csv").toAbsolutePath());
        for (String escape : List.of("/tmp/a.csv", "../root/a.csv", "../../etc/a.cfg", ".")) {
            assertThatThrownBy(() -> files.resolve(carol, escape)).as(escape)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("out"));
        }
        assertThat(files.resolve(root, "/tmp/a.csv")).isEqualTo(Path.of("/tmp/a.csv"));
    }

    private <T extends FilteredReportCommand> T prepare(T command) {
        command.reports = reports;
        command.users = new FakeUsers();
        command.accounts = accounts;
        command.policies = policies;
        command.configAdmin = FakeConfigAdmin.withTimeZone("America/New_York");
        command.files = new ReportFile(data.resolve("reports"));
        return command;
    }

    /** Reports whose content names what was asked for. */
    private static final class Recording implements ReportService {
        ReportFilter lastFilter;

        @Override
        public Report backups(Caller caller, ReportFilter filter) {
            lastFilter = filter;
            return text("backups");
        }

        @Override
        public Report snapshots(Caller caller, ReportFilter filter) {
            lastFilter = filter;
            return text("snapshots");
        }

        @Override
        public Report usage(Caller caller, boolean allUsers) {
            return text(allUsers ? "usage all" : "usage");
        }

        @Override
        public Report resources(Caller caller, Long accountId, java.util.List<String> regions) {
            return text("resources " + accountId + " " + String.join(",", regions));
        }

        @Override
        public Report audit(Caller caller, Long userId, java.time.Instant from, java.time.Instant to) {
            return text("audit");
        }

        @Override
        public Report permissions(Caller caller, long accountId, String region) {
            return text("permissions " + accountId + " " + region);
        }

        private static Report text(String line) {
            return new Report() {
                @Override
                public String fileName() {
                    return line + ".csv";
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
            };
        }
    }
}
