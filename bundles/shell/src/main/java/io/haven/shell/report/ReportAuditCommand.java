package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** The audit report (guide 16.6) written to a file: root's holds every user's entries, others' their world's. */
@Service
@Command(scope = "haven", name = "report-audit", description = "Writes the audit report (CSV: who changed what, when, how it ended) to a file")
public class ReportAuditCommand extends HavenCommand {

    @Reference
    ReportService reports;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--out", required = true, description = "The file to write: a name in your reports folder "
            + "(KARAF_DATA/reports/USER/); root may give any path")
    String out;

    @Option(name = "--user", description = "Only this user's entries (id or name): you or a user you see")
    String user;

    @Option(name = "--from", description = "Only entries from this time, e.g. 2026-12-01 or 2026-12-01T08:00")
    String from;

    @Option(name = "--to", description = "Only entries before this time")
    String to;

    ReportFile files = ReportFile.inDataFolder();

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.caller(users);
        Path target = files.resolve(caller, out);
        // The backup reports' parsing of names and times; the audit report has no account or policy
        ReportFilter filter = ReportFilterOptions.filter(caller, users, null, null, new Times(ServerZone.of(configAdmin)),
                user, null, null, from, to);
        Path written = files.write(target, reports.audit(caller, filter.userId(), filter.from(), filter.to()));
        System.out.println("Wrote " + written);
        return null;
    }
}
