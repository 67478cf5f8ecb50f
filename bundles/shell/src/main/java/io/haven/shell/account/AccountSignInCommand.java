package io.haven.shell.account;

import io.haven.api.model.AccountDraft;
import io.haven.api.model.AccountType;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/**
 * What adding an account and changing its credentials share: the options of each sign-in method, the secret asked
 * for without echo, and the secret kept out of the thread's name. Karaf injects a base class's fields.
 */
abstract class AccountSignInCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Reference
    Session session;

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

    /** The draft of an account signing in with {@code method}, the secret asked for when it was not given. */
    AccountDraft signIn(String name, AuthMethod method, AccountType type, Boolean allowDeleting) throws Exception {
        hideFromThreadName(secretKey);
        String secret = secretKey;
        if (method == AuthMethod.ACCESS_KEYS && secret == null) {
            secret = session.readLine("Secret access key: ", '*');
        }
        Long viaId = via == null ? null : accounts.find(ShellUser.caller(users), via).id();
        return new AccountDraft(name, method, accessKey, secret, viaId, roleAccount, roleName, externalId, endpoint, type,
                allowDeleting);
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
