package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Edits an account (guide 16.4: "edit accounts, modify credentials"): renames it, or, with {@code --auth}, changes
 * how Haven signs in to it; core checks the new credentials with AWS, and that they reach the same AWS account.
 */
@Service
@Command(scope = "haven", name = "account-update", description = "Renames an account or changes its credentials")
public class AccountUpdateCommand extends AccountSignInCommand {

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--name", description = "A new name")
    String name;

    @Option(name = "--auth", description = "New credentials: keys, instance-role or assume-role; left out, they stay")
    @Completion(value = StringsCompleter.class,
            values = {AuthMethodText.KEYS, AuthMethodText.INSTANCE_ROLE, AuthMethodText.ASSUME_ROLE})
    String auth;

    @Override
    protected Object run() throws Exception {
        Account current = accounts.find(ShellUser.caller(users), account);
        String newName = name == null ? current.name() : name;
        AccountDraft draft = auth == null ? new AccountDraft(newName, null, null, null, null, null, null, null, null)
                : signIn(newName, AuthMethodText.parse(auth), null, null);
        Account updated = accounts.update(ShellUser.caller(users), current.id(), draft);
        System.out.println("Account " + updated.id() + " (" + updated.name() + "), AWS account " + updated.awsAccountId()
                + (auth == null ? "" : ", now signs in with " + AuthMethodText.format(updated.authMethod())));
        return null;
    }
}
