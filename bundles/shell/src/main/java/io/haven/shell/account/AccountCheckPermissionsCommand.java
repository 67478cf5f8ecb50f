package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.permission.PermissionReport;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import io.haven.shell.target.RegionCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** "Check AWS permissions" (guide 14.3): per feature, the IAM actions the account's identity lacks. */
@Service
@Command(scope = "haven", name = "account-check-permissions",
        description = "Checks which AWS permissions an account's credentials lack for each of Haven's features")
public class AccountCheckPermissionsCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    PermissionCheckService permissions;

    @Reference
    UserService users;

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--region", description = "Where the harmless test calls go; default: Haven's default region")
    @Completion(RegionCompleter.class)
    String region;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        Account found = accounts.find(caller, account);
        PermissionReport report = permissions.check(caller, found.id(), region);
        System.out.println("Account " + report.accountName() + " (" + report.principal() + ") in " + report.region()
                + ", checked by " + (PermissionReport.SIMULATION.equals(report.method())
                ? "IAM policy simulation" : "calls that change nothing"));
        if (report.note() != null) {
            System.out.println(report.note());
        }
        ShellTable table = new ShellTable();
        table.column("Feature");
        table.column("Needed");
        table.column("Result");
        table.column("Missing").maxSize(70).wrap();
        table.column("Unchecked").maxSize(40).wrap();
        for (FeatureCheck f : report.features()) {
            table.addRow().addContent(f.title(), f.required() ? "for backup" : "when used",
                    f.complete() ? "ok" : "MISSING " + f.missing().size(), join(f.missing()), join(f.unchecked()));
        }
        table.print(System.out);
        return null;
    }

    private static String join(List<String> actions) {
        return String.join(" ", actions);
    }
}
