package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.service.PolicyService;
import io.haven.shell.HavenCommand;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "haven", name = "policy-targets", description = "Lists what a policy backs up")
public class PolicyTargetsCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Override
    protected Object run() {
        Policy found = policies.find(ShellUser.caller(users), policy);
        ShellTable table = new ShellTable().emptyTableText("No targets yet; add one with haven:policy-target-add");
        table.column("ID").alignRight();
        table.column("Type");
        table.column("Region");
        table.column("Resource");
        table.column("Options");
        table.column("Available");
        for (PolicyTarget t : policies.targets(ShellUser.caller(users), found.id())) {
            String options = new TreeMap<>(t.spec().options()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            table.addRow().addContent(t.id(), t.spec().type(), t.spec().region(), t.spec().resourceId(), options,
                    t.available() ? "yes" : "no: its plugin is not installed");
        }
        table.print(System.out);
        return null;
    }
}
