package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.service.PolicyService;
import io.haven.api.target.TargetSpec;
import io.haven.shell.target.RegionCompleter;
import io.haven.shell.target.TargetTypeCompleter;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Adds a resource to a policy; the target type checks the options and AWS is asked whether it exists. */
@Service
@Command(scope = "haven", name = "policy-target-add", description = "Adds a resource for a policy to back up")
public class PolicyTargetAddCommand extends TargetOptionsCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Argument(index = 1, name = "resources", description = "The AWS ids of the resources, e.g. i-0abc... or vol-0abc...; "
            + "several are added together, all or none", required = true, multiValued = true)
    List<String> resources;

    @Option(name = "--type", description = "The target type, e.g. ec2-instance (see haven:target-types)")
    @Completion(TargetTypeCompleter.class)
    String type;

    @Option(name = "--region", description = "The region of the resource, e.g. us-east-1")
    @Completion(RegionCompleter.class)
    String region;

    @Override
    protected Object run() {
        Policy found = policies.find(ShellUser.caller(users), policy);
        Map<String, String> options = options();
        if (resources.size() == 1) {
            print(found, policies.addTarget(ShellUser.caller(users), found.id(), new TargetSpec(type, region, resources.get(0), options)));
        } else {
            policies.addTargets(ShellUser.caller(users), found.id(), resources.stream()
                    .map(resource -> new TargetSpec(type, region, resource, options)).toList()).forEach(added -> print(found, added));
        }
        return null;
    }

    private static void print(Policy policy, PolicyTarget added) {
        System.out.println("Added target " + added.id() + " to policy " + policy.spec().name() + ": "
                + added.spec().type() + " " + added.spec().resourceId() + " in " + added.spec().region());
        TagWarnings.print(added.warnings());
    }
}
