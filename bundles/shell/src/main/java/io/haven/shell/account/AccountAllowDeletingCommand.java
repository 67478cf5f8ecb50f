package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** "Allow deleting snapshots" of a DR account (guide 3.2.1, 11.3). */
@Service
@Command(scope = "haven", name = "account-allow-deleting",
        description = "Turns Allow deleting snapshots of a DR account on or off (off: copies are tagged cpm_deleted)")
public class AccountAllowDeletingCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Argument(index = 1, name = "state", description = "on or off", required = true)
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    String state;

    @Override
    protected Object run() {
        boolean on = switch (state) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ValidationException("state", "Write on or off, not '" + state + "'");
        };
        Caller caller = ShellUser.caller(users);
        Account changed = accounts.setAllowDeletingSnapshots(caller, accounts.find(caller, account).id(), on);
        System.out.println("Deleting snapshots " + (changed.allowDeletingSnapshots() ? "allowed" : "not allowed")
                + " in account " + changed.name());
        return null;
    }
}
