package io.haven.shell.notify;

import io.haven.api.model.Caller;
import io.haven.api.model.Delivery;
import io.haven.api.service.NotifierService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** Sends a test notification, or lists a notifier's deliveries. */
@Service
@Command(scope = "haven", name = "notifier-test", description = "Queues a test notification through one of your notifiers "
        + "(--deliveries: lists what was sent through it)")
public class NotifierTestCommand extends HavenCommand {

    @Reference
    NotifierService notifiers;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "id", required = true, description = "The notifier's id (haven:notifier-list)")
    long id;

    @Option(name = "--deliveries", description = "List the notifier's deliveries instead, newest first")
    boolean deliveries;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        if (!deliveries) {
            Delivery queued = notifiers.test(caller, id);
            System.out.println("Test notification queued (delivery " + queued.id() + "); see haven:notifier-test --deliveries "
                    + id);
            return null;
        }
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("Nothing sent yet");
        table.column("Id").alignRight();
        table.column("Created");
        table.column("Kind");
        table.column("Alert").alignRight();
        table.column("State");
        table.column("Attempts").alignRight();
        table.column("Last error").maxSize(80).wrap();
        for (Delivery d : notifiers.deliveries(caller, id, 50)) {
            table.addRow().addContent(d.id(), times.format(d.created()), d.kind().name().toLowerCase(java.util.Locale.ROOT),
                    d.alertId() == null ? "" : d.alertId(), d.state().name().toLowerCase(java.util.Locale.ROOT),
                    d.attempts(), d.lastError() == null ? "" : d.lastError());
        }
        table.print(System.out);
        return null;
    }
}
