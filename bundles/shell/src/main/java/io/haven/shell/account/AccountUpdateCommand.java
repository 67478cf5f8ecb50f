package io.haven.shell.account;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Edits an account (guide 16.4: "edit accounts, modify credentials"): renames it, or, with {@code --auth}, changes
 * how Haven signs in to it; core checks the new credentials with AWS, and that they reach the same AWS account.
 */
@Service
@Command(scope = "haven", name = "account-update", description = "Renames an account or changes its credentials")
public class AccountUpdateCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--name", description = "A new name")
    String name;

    @Option(name = "--auth", description = "New credentials: keys, instance-role or assume-role; left out, they stay")
    @Completion(value = StringsCompleter.class,
            values = {AuthMethodText.KEYS, AuthMethodText.INSTANCE_ROLE, AuthMethodText.ASSUME_ROLE})
    String auth;

    @Option(name = "--access-key", description = "keys: the access key id")
    String accessKey;

    @Option(name = "--secret-key", description = "keys: the secret access key; better left out: then it is asked for without echo",
            censor = true)
    String secretKey;

    @Option(name = "--via", description = "assume-role: the account (id or name) whose credentials assume the role")
    @Completion(AccountCompleter.class)
    String via;

    @Option(name = "--role-account", description = "assume-role: the 12-digit AWS account that owns the role")
    String roleAccount;

    @Option(name = "--role-name", description = "assume-role: the name of the role")
    String roleName;

    @Option(name = "--external-id", description = "assume-role: the external id the role requires, if any")
    String externalId;

    @Option(name = "--endpoint", description = "An endpoint URL to use instead of AWS's (an emulator, a VPC endpoint)")
    String endpoint;

    @Override
    protected Object run() throws Exception {
        AccountAddCommand.hideFromThreadName(secretKey);
        Account current = accounts.find(ShellUser.caller(users), account);
        String newName = name == null ? current.name() : name;
        AccountDraft draft;
        if (auth == null) {
            draft = new AccountDraft(newName, null, null, null, null, null, null, null, null);
        } else {
            AuthMethod method = AuthMethodText.parse(auth);
            String secret = secretKey;
            if (method == AuthMethod.ACCESS_KEYS && secret == null) {
                secret = session.readLine("Secret access key: ", '*');
            }
            Long viaId = via == null ? null : accounts.find(ShellUser.caller(users), via).id();
            draft = new AccountDraft(newName, method, accessKey, secret, viaId, roleAccount, roleName, externalId,
                    endpoint);
        }
        Account updated = accounts.update(ShellUser.caller(users), current.id(), draft);
        System.out.println("Account " + updated.id() + " (" + updated.name() + "), AWS account " + updated.awsAccountId()
                + (auth == null ? "" : ", now signs in with " + AuthMethodText.format(updated.authMethod())));
        return null;
    }
}
