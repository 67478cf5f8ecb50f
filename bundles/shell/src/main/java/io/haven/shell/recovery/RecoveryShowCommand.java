package io.haven.shell.recovery;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.service.RecoveryService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** One recovery: its outcome, what it created and its log. */
@Service
@Command(scope = "haven", name = "recovery-show", description = "Shows a recovery's outcome, resources and log")
public class RecoveryShowCommand extends HavenCommand {

    @Reference
    RecoveryService recoveries;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "id", description = "The recovery's id", required = true)
    long id;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Recovery r = recoveries.get(ShellUser.caller(users), id);
        System.out.println("Recovery " + r.id() + " of " + r.kind() + " " + r.key() + " from backup " + r.backupId()
                + " (policy " + r.policyName() + "): " + r.status());
        System.out.println("Started " + times.format(r.started()) + (r.ended() == null ? ", still running"
                : ", ended " + times.format(r.ended())) + (r.withOtherCredentials() ? ", with other access keys" : ""));
        if (r.message() != null) {
            System.out.println(r.message());
        }
        ShellTable resources = new ShellTable().emptyTableText("Nothing created yet");
        resources.column("Kind");
        resources.column("AWS id");
        resources.column("Region");
        resources.column("State");
        resources.column("Details").maxSize(70).wrap();
        for (RecoveredItem item : recoveries.resources(ShellUser.caller(users), id)) {
            resources.addRow().addContent(item.kind(), item.awsId(), item.region(), item.state(),
                    item.details().entrySet().stream().filter(e -> !e.getKey().startsWith("pending"))
                            .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + ", " + b).orElse(""));
        }
        resources.print(System.out);
        ShellTable log = new ShellTable().emptyTableText("The log is empty");
        log.column("Time");
        log.column("Level");
        log.column("Message").maxSize(110).wrap();
        for (LogEntry entry : recoveries.log(ShellUser.caller(users), id)) {
            log.addRow().addContent(times.format(entry.time()), entry.level(), entry.message());
        }
        log.print(System.out);
        return null;
    }
}
