package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Policy;
import io.haven.api.service.PolicyService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Deletes a policy. Its backups outside the freezer and their snapshots go with it, so the command asks
 * first, unless {@code --force} says yes in advance (for scripts).
 */
@Service
@Command(scope = "haven", name = "policy-delete", description = "Deletes a policy with its backups outside the freezer")
public class PolicyDeleteCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Option(name = "--force", description = "Do not ask before deleting the policy's backups and snapshots")
    boolean force;

    @Override
    protected Object run() throws Exception {
        Policy found = policies.find(ShellUser.caller(users), policy);
        int backups = policies.deletableBackups(ShellUser.caller(users), found.id());
        if (backups > 0 && !force) {
            String answer = session.readLine("Policy " + found.spec().name() + " has " + backups + " backups outside "
                    + "the freezer. Delete them and their snapshots with the policy? (yes/no) ", null);
            if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
                System.out.println("Nothing deleted");
                return null;
            }
        }
        int deleted = policies.delete(ShellUser.caller(users), found.id(), backups > 0);
        System.out.println("Deleted policy " + found.id() + " (" + found.spec().name() + ")"
                + (deleted > 0 ? "; its " + deleted + " backups are being deleted in the background" : ""));
        return null;
    }
}
