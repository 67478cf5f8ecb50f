package io.haven.shell.report;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.report.ReportService;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.account.AccountCompleter;
import io.haven.shell.auth.ShellUser;
import io.haven.shell.target.RegionCompleter;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * The permission summary of an account (guide 14.3) written to a file: its permission check as CSV, one row per feature
 * and IAM action. The check asks AWS (IAM simulation, or about 70 calls that change nothing), as
 * {@code haven:account-check-permissions} does.
 */
@Service
@Command(scope = "haven", name = "report-permissions", description = "Writes the permission summary of an account (CSV: "
        + "each feature's IAM actions, allowed, missing or unchecked) to a file")
public class ReportPermissionsCommand extends HavenCommand {

    @Reference
    ReportService reports;

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Option(name = "--account", required = true, description = "The account's id or name")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--region", description = "Where the harmless test calls go; default: Haven's default region")
    @Completion(RegionCompleter.class)
    String region;

    @Option(name = "--out", required = true, description = "The file to write: a name in your reports folder "
            + "(KARAF_DATA/reports/USER/); root may give any path")
    String out;

    ReportFile files = ReportFile.inDataFolder();

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.caller(users);
        Path target = files.resolve(caller, out);
        Account found = accounts.find(caller, account);
        Path written = files.write(target, reports.permissions(caller, found.id(), region));
        System.out.println("Wrote " + written);
        return null;
    }
}
