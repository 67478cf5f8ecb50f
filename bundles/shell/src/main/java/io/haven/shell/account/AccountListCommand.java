package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.AccountService;
import io.haven.shell.HavenCommand;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "haven", name = "account-list", description = "Lists the AWS accounts Haven backs up")
public class AccountListCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Override
    protected Object run() {
        var all = accounts.list(ShellUser.caller(users));
        Map<Long, String> names = all.stream().collect(Collectors.toMap(Account::id, Account::name, (a, b) -> a));
        ShellTable table = new ShellTable().emptyTableText("No accounts yet; add one with haven:account-add");
        table.column("ID").alignRight();
        table.column("Name");
        table.column("Auth");
        table.column("AWS account");
        table.column("Access key");
        table.column("Role");
        table.column("Via");
        table.column("Endpoint");
        for (Account a : all) {
            table.addRow().addContent(a.id(), a.name(), AuthMethodText.format(a.authMethod()), text(a.awsAccountId()),
                    text(a.accessKeyId()), role(a), via(a, names::get), text(a.endpoint()));
        }
        table.print(System.out);
        return null;
    }

    private static String role(Account a) {
        if (a.authMethod() != AuthMethod.ASSUME_ROLE) {
            return "";
        }
        return "arn:aws:iam::" + text(a.roleAccountNumber()) + ":role/" + text(a.roleName());
    }

    private static String via(Account a, Function<Long, String> names) {
        if (a.viaAccountId() == null) {
            return "";
        }
        String name = names.apply(a.viaAccountId());
        return name == null ? String.valueOf(a.viaAccountId()) : name;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
