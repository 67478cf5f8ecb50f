package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.service.PolicyService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Starts a backup now (guide 4.2.6) and prints only its id, so that scripts can follow it with backup-show. */
@Service
@Command(scope = "haven", name = "policy-run", description = "Starts a backup of a policy now and prints the backup's id")
public class PolicyRunCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Override
    protected Object run() {
        long backupId = policies.runNow(ShellUser.caller(users), policies.find(ShellUser.caller(users), policy).id());
        System.out.println(backupId);
        return null;
    }
}
