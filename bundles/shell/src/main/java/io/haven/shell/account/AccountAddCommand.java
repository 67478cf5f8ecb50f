package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.model.Account;
import io.haven.api.model.AccountType;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Adds an AWS account (guide 3.2.2); Haven checks the credentials with AWS before it stores them. */
@Service
@Command(scope = "haven", name = "account-add", description = "Adds an AWS account after checking its credentials")
public class AccountAddCommand extends AccountSignInCommand {

    @Argument(index = 0, name = "name", description = "A unique name for the account", required = true)
    String name;

    @Option(name = "--auth", description = "How Haven signs in: keys, instance-role or assume-role")
    @Completion(value = StringsCompleter.class,
            values = {AuthMethodText.KEYS, AuthMethodText.INSTANCE_ROLE, AuthMethodText.ASSUME_ROLE})
    String auth = AuthMethodText.KEYS;

    @Option(name = "--type", description = "backup (default) or dr: a DR account only receives cross-account DR copies")
    @Completion(value = StringsCompleter.class, values = {"backup", "dr"})
    String type = "backup";

    @Option(name = "--no-delete", description = "dr accounts: Haven may not delete snapshots in it; it tags them "
            + "cpm_deleted instead")
    boolean noDelete;

    @Override
    protected Object run() throws Exception {
        AuthMethod method = AuthMethodText.parse(auth);
        AccountType accountType = switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "backup" -> AccountType.BACKUP;
            case "dr" -> AccountType.DR;
            default -> throw new ValidationException("type", "Write backup or dr, not '" + type + "'");
        };
        Account added = accounts.create(ShellUser.caller(users), signIn(name, method, accountType,
                noDelete ? Boolean.FALSE : null));
        System.out.println("Added " + (added.isDr() ? "DR " : "") + "account " + added.id() + " (" + added.name()
                + "), AWS account " + added.awsAccountId() + (added.isDr() && !added.allowDeletingSnapshots()
                ? "; its copies are tagged cpm_deleted instead of deleted" : ""));
        return null;
    }
}
