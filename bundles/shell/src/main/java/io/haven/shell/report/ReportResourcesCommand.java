package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.ReportService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Protected and unprotected resources of an account (guide 15.6) written to a file. */
@Service
@Command(scope = "haven", name = "report-resources", description = "Writes the protected and unprotected resources of your "
        + "accounts (CSV) to a file")
public class ReportResourcesCommand extends HavenCommand {

    @Reference
    ReportService reports;

    @Reference
    UserService users;

    @Option(name = "--account", description = "The account's id; every account you see when absent")
    Long accountId;

    @Option(name = "--regions", description = "The regions to look in, comma-separated; where your policies have "
            + "targets when absent")
    String regions;

    @Option(name = "--out", required = true, description = "The file to write: a name in your reports folder "
            + "(KARAF_DATA/reports/USER/); root may give any path")
    String out;

    ReportFile files = ReportFile.inDataFolder();

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.caller(users);
        Path target = files.resolve(caller, out);
        List<String> named = regions == null ? List.of() : Arrays.stream(regions.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        Path written = files.write(target, reports.resources(caller, accountId, named));
        System.out.println("Wrote " + written);
        return null;
    }
}
