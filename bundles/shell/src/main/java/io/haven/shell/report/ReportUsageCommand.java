package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.ReportService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The usage report (guide 15.7) written to a file: the current user's, or root's of all users. */
@Service
@Command(scope = "haven", name = "report-usage", description = "Writes the usage report (CSV: accounts, instances and non-instance storage per user) to a file")
public class ReportUsageCommand extends HavenCommand {

    @Reference
    ReportService reports;

    @Reference
    UserService users;

    @Option(name = "--out", required = true, description = "The file to write: a name in your reports folder "
            + "(KARAF_DATA/reports/USER/); root may give any path")
    String out;

    @Option(name = "--all", description = "Every user of the server (root only), not only you")
    boolean all;

    ReportFile files = ReportFile.inDataFolder();

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.caller(users);
        Path target = files.resolve(caller, out);
        Path written = files.write(target, reports.usage(caller, all));
        System.out.println("Wrote " + written);
        return null;
    }
}
