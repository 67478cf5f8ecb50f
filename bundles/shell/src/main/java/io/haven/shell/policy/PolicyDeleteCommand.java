package io.haven.shell.policy;

import io.haven.api.model.Policy;
import io.haven.api.service.PolicyService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "haven", name = "policy-delete", description = "Deletes a policy")
public class PolicyDeleteCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Override
    protected Object run() {
        Policy found = policies.find(policy);
        policies.delete(found.id());
        System.out.println("Deleted policy " + found.id() + " (" + found.spec().name() + ")");
        return null;
    }
}
