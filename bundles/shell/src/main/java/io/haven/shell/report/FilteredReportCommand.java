package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.account.AccountCompleter;
import io.haven.shell.auth.ShellUser;
import io.haven.shell.policy.PolicyCompleter;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.service.cm.ConfigurationAdmin;

/** The backup and snapshot reports: the same filters, as names and typed times, and a file to write. */
abstract class FilteredReportCommand extends HavenCommand {

    @Reference
    ReportService reports;

    @Reference
    UserService users;

    @Reference
    AccountService accounts;

    @Reference
    PolicyService policies;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--out", required = true, description = "The file to write: a name in your reports folder "
            + "(KARAF_DATA/reports/USER/); root may give any path")
    String out;

    @Option(name = "--user", description = "Only this user's backups (id or name): you or a user you manage")
    String user;

    @Option(name = "--account", description = "Only backups taken in this account (id or name)")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--policy", description = "Only this policy's backups (id or name)")
    @Completion(PolicyCompleter.class)
    String policy;

    @Option(name = "--from", description = "Only backups started at or after this time (server's zone), e.g. 2026-05-01")
    String from;

    @Option(name = "--to", description = "Only backups started before this time (server's zone)")
    String to;

    ReportFile files = ReportFile.inDataFolder();

    /** The report for the caller and filter. */
    abstract Report report(Caller caller, ReportFilter filter);

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.caller(users);
        Path target = files.resolve(caller, out);
        Times times = new Times(ServerZone.of(configAdmin));
        ReportFilter filter = ReportFilterOptions.filter(caller, users, accounts, policies, times, user, account,
                policy, from, to);
        System.out.println("Wrote " + files.write(target, report(caller, filter)));
        return null;
    }
}
