package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.service.AccountService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "haven", name = "account-delete", description = "Deletes an account that no policy uses")
public class AccountDeleteCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Override
    protected Object run() {
        Account found = accounts.find(ShellUser.caller(users), account);
        accounts.delete(ShellUser.caller(users), found.id());
        System.out.println("Deleted account " + found.id() + " (" + found.name() + ")");
        return null;
    }
}
