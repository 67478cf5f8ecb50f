package io.haven.shell.account;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.service.AccountService;
import io.haven.api.target.Resource;
import io.haven.shell.HavenCommand;
import io.haven.shell.target.RegionCompleter;
import io.haven.shell.target.TargetTypeCompleter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Lists what an account holds in a region, to pick backup targets from. */
@Service
@Command(scope = "haven", name = "account-discover", description = "Lists the resources of an account that Haven can back up")
public class AccountDiscoverCommand extends HavenCommand {

    @Reference
    AccountService accounts;

    @Reference
    UserService users;

    @Argument(index = 0, name = "account", description = "The account's id or name", required = true)
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--type", description = "Only this target type (see haven:target-types); default: every type")
    @Completion(TargetTypeCompleter.class)
    String type;

    @Option(name = "--region", description = "The AWS region; default: Haven's default region")
    @Completion(RegionCompleter.class)
    String region;

    @Override
    protected Object run() {
        Account found = accounts.find(ShellUser.caller(users), account);
        List<Resource> resources = accounts.discover(ShellUser.caller(users), found.id(), type, region);
        ShellTable table = new ShellTable().emptyTableText("No resources found");
        table.column("Type");
        table.column("Region");
        table.column("ID");
        table.column("Name");
        table.column("Details").maxSize(80).wrap();
        for (Resource r : resources) {
            table.addRow().addContent(r.type(), r.region(), r.id(), r.name(), details(r.attributes()));
        }
        table.print(System.out);
        return null;
    }

    /** The type's facts (state, size, zone, devices, ...) as "key=value" in a stable order. */
    private static String details(Map<String, String> attributes) {
        return new TreeMap<>(attributes).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
