package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Policy;
import io.haven.api.service.PolicyService;
import io.haven.api.model.TagWarning;
import io.haven.shell.HavenCommand;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "haven", name = "policy-target-remove", description = "Removes a target from a policy")
public class PolicyTargetRemoveCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Argument(index = 1, name = "target", description = "The target's id (see haven:policy-targets)", required = true)
    long target;

    @Override
    protected Object run() {
        Policy found = policies.find(ShellUser.caller(users), policy);
        List<TagWarning> warnings = policies.removeTargetWithWarnings(ShellUser.caller(users), found.id(), target);
        System.out.println("Removed target " + target + " from policy " + found.spec().name());
        TagWarnings.print(warnings);
        return null;
    }
}
