package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** A command that turns one on/off setting of an account on or off: {@code <account> on|off}. */
abstract class AccountSwitchCommand extends HavenCommand {

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

    /** Makes the change in core, which judges it, and answers the account as it now is. */
    abstract Account change(Caller caller, long accountId, boolean on);

    /** The line that says what the account's setting now is. */
    abstract String describe(Account changed);

    @Override
    protected Object run() {
        boolean on = switch (state) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ValidationException("state", "Write on or off, not '" + state + "'");
        };
        Caller caller = ShellUser.caller(users);
        System.out.println(describe(change(caller, accounts.find(caller, account).id(), on)));
        return null;
    }
}
