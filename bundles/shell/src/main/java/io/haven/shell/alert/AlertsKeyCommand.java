package io.haven.shell.alert;

import io.haven.api.model.AlertsKey;
import io.haven.api.model.Caller;
import io.haven.api.service.AlertService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** The signed-in user's alerts key for /agentapi/get_cpm_alerts/ (guide 15.2). */
@Service
@Command(scope = "haven", name = "alerts-key", description = "Shows, makes (--new) or removes (--remove) your alerts key "
        + "for /agentapi/get_cpm_alerts/")
public class AlertsKeyCommand extends HavenCommand {

    @Reference
    AlertService alerts;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--new", description = "Make a new key, replacing yours; it is shown only this once")
    boolean renew;

    @Option(name = "--remove", description = "Remove your key: the pull API refuses it from now on")
    boolean remove;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        if (renew && remove) {
            throw new io.haven.api.service.ValidationException("--new", "Give --new or --remove, not both");
        }
        if (remove) {
            alerts.removeAlertsKey(caller);
            System.out.println("Alerts key removed");
        } else if (renew) {
            AlertsKey key = alerts.newAlertsKey(caller);
            System.out.println("Alerts key (send it as the Authorization header of GET /agentapi/get_cpm_alerts/):");
            System.out.println(key.key());
            System.out.println("It is shown only this once: Haven keeps only a hash of it.");
        } else {
            AlertsKey key = alerts.alertsKey(caller);
            System.out.println(key.enabled() ? "Alerts key set " + new Times(ServerZone.of(configAdmin)).format(key.created())
                    : "No alerts key; make one with haven:alerts-key --new");
        }
        return null;
    }
}
