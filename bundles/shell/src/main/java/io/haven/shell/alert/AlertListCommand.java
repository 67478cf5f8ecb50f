package io.haven.shell.alert;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Alert;
import io.haven.api.service.AlertService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** Alerts Haven raised, newest first. */
@Service
@Command(scope = "haven", name = "alert-list", description = "Lists alerts, newest first")
public class AlertListCommand extends HavenCommand {

    @Reference
    AlertService alerts;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--limit", description = "At most this many (default 20)")
    int limit = 20;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No alerts");
        table.column("Id").alignRight();
        table.column("Raised");
        table.column("Last");
        table.column("Category");
        table.column("Severity");
        table.column("State");
        table.column("Policy");
        table.column("Backup").alignRight();
        table.column("Message").maxSize(100).wrap();
        for (Alert alert : alerts.list(ShellUser.caller(users), limit)) {
            String state = !alert.current() ? "cleared" : alert.acknowledged() != null ? "acknowledged" : "current";
            table.addRow().addContent(alert.id(), times.format(alert.raised()), times.format(alert.lastOccurred()),
                    alert.category().label(), alert.severity().name().toLowerCase(java.util.Locale.ROOT), state,
                    alert.policyName() == null ? "" : alert.policyName(),
                    alert.backupId() == null ? "" : alert.backupId(), alert.message());
        }
        table.print(System.out);
        return null;
    }
}
