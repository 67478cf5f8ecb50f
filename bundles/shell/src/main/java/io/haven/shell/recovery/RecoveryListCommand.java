package io.haven.shell.recovery;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Recovery;
import io.haven.api.service.PolicyService;
import io.haven.api.service.RecoveryService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.policy.PolicyCompleter;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** The recovery monitor (guide 3.1): recoveries, newest first. */
@Service
@Command(scope = "haven", name = "recovery-list", description = "Lists recoveries, newest first")
public class RecoveryListCommand extends HavenCommand {

    @Reference
    RecoveryService recoveries;

    @Reference
    UserService users;

    @Reference
    PolicyService policies;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--policy", description = "Only recoveries from this policy's backups (id or name)")
    @Completion(PolicyCompleter.class)
    String policy;

    @Option(name = "--backup", description = "Only recoveries from this backup")
    Long backup;

    @Option(name = "--limit", description = "At most this many (default 20)")
    int limit = 20;

    @Override
    protected Object run() {
        Long policyId = policy == null ? null : policies.find(ShellUser.caller(users), policy).id();
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No recoveries");
        table.column("ID").alignRight();
        table.column("Backup").alignRight();
        table.column("Policy");
        table.column("Recovered");
        table.column("Status");
        table.column("Started");
        table.column("Result").maxSize(70);
        for (Recovery r : recoveries.list(ShellUser.caller(users), backup, policyId, limit)) {
            table.addRow().addContent(r.id(), r.backupId(), r.policyName(), r.kind() + " " + r.key(), r.status(),
                    times.format(r.started()), r.message() == null ? "" : r.message());
        }
        table.print(System.out);
        return null;
    }
}
