package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AccountType;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.ValidationException;
import io.haven.api.service.AccountService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Adds an AWS account (guide 3.2.2); Haven checks the credentials with AWS before it stores them. */
@Service
@Command(scope = "haven", name = "account-add", description = "Adds an AWS account after checking its credentials")
public class AccountAddCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", description = "A unique name for the account", required = true)
    String name;

    @Option(name = "--auth", description = "How Haven signs in: keys, instance-role or assume-role")
    @Completion(value = StringsCompleter.class,
            values = {AuthMethodText.KEYS, AuthMethodText.INSTANCE_ROLE, AuthMethodText.ASSUME_ROLE})
    String auth = AuthMethodText.KEYS;

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

    @Option(name = "--type", description = "backup (default) or dr: a DR account only receives cross-account DR copies")
    @Completion(value = StringsCompleter.class, values = {"backup", "dr"})
    String type = "backup";

    @Option(name = "--no-delete", description = "dr accounts: Haven may not delete snapshots in it; it tags them "
            + "cpm_deleted instead")
    boolean noDelete;

    @Override
    protected Object run() throws Exception {
        hideFromThreadName(secretKey);
        AuthMethod method = AuthMethodText.parse(auth);
        String secret = secretKey;
        if (method == AuthMethod.ACCESS_KEYS && secret == null) {
            secret = session.readLine("Secret access key: ", '*');
        }
        Long viaId = via == null ? null : accounts.find(ShellUser.caller(users), via).id();
        AccountType accountType = switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "backup" -> AccountType.BACKUP;
            case "dr" -> AccountType.DR;
            default -> throw new ValidationException("type", "Write backup or dr, not '" + type + "'");
        };
        Account added = accounts.create(ShellUser.caller(users), new AccountDraft(name, method, accessKey, secret, viaId, roleAccount, roleName,
                externalId, endpoint, accountType, noDelete ? Boolean.FALSE : null));
        System.out.println("Added " + (added.isDr() ? "DR " : "") + "account " + added.id() + " (" + added.name()
                + "), AWS account " + added.awsAccountId() + (added.isDr() && !added.allowDeletingSnapshots()
                ? "; its copies are tagged cpm_deleted instead of deleted" : ""));
        return null;
    }

    /**
     * Karaf runs a command in a thread named after its command line ("pipe-haven:account-add ...
     * --secret-key ..."), and log lines carry the thread's name, so every message that core logs while
     * adding the account would show the secret. Masking the option only hides it from the console.
     */
    static void hideFromThreadName(String secret) {
        Thread current = Thread.currentThread();
        if (secret != null && !secret.isEmpty() && current.getName().contains(secret)) {
            current.setName(current.getName().replace(secret, "********"));
        }
    }
}
