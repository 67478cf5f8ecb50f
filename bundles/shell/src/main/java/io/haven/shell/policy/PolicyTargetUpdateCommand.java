package io.haven.shell.policy;

import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.service.PolicyService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.auth.ShellUser;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Replaces the options of a policy's target (REST: PUT /policies/{id}/targets/{targetId}); the target's type checks
 * them as at add, and a refusal changes nothing. The options are given as to haven:policy-target-add; the ones not
 * given take the type's defaults.
 */
@Service
@Command(scope = "haven", name = "policy-target-update", description = "Changes the options of a policy's target")
public class PolicyTargetUpdateCommand extends TargetOptionsCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Argument(index = 1, name = "target", description = "The target's id (see haven:policy-targets)", required = true)
    long target;

    @Option(name = "--defaults", description = "Remove every option: the target takes its type's defaults")
    boolean defaults;

    @Override
    protected Object run() {
        Map<String, String> options = options();
        if (options.isEmpty() && !defaults) {
            throw new ValidationException("options", "Give the target's new options (they replace all of its options), "
                    + "or --defaults to go back to its type's defaults");
        }
        if (!options.isEmpty() && defaults) {
            throw new ValidationException("defaults", "--defaults removes every option; leave it out to set options");
        }
        Policy found = policies.find(ShellUser.caller(users), policy);
        PolicyTarget changed = policies.updateTargetOptions(ShellUser.caller(users), found.id(), target, options);
        Map<String, String> now = changed.spec().options();
        System.out.println("Changed the options of target " + changed.id() + " of policy " + found.spec().name() + " ("
                + changed.spec().type() + " " + changed.spec().resourceId() + "): " + (now.isEmpty() ? "its type's defaults"
                : new java.util.TreeMap<>(now).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))));
        TagWarnings.print(changed.warnings());
        return null;
    }
}
