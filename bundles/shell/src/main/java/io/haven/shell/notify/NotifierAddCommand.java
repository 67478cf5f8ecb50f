package io.haven.shell.notify;

import io.haven.api.model.Caller;
import io.haven.api.model.NotifierDraft;
import io.haven.api.model.NotifierInfo;
import io.haven.api.service.NotifierService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Adds a notifier for the signed-in user. */
@Service
@Command(scope = "haven", name = "notifier-add", description = "Adds a notifier: where your alerts and daily summary go")
public class NotifierAddCommand extends HavenCommand {

    @Reference
    NotifierService notifiers;

    @Reference
    UserService users;

    @Argument(index = 0, name = "name", required = true, description = "Your name for it")
    String name;

    @Argument(index = 1, name = "type", required = true, description = "webhook, sns, email (haven:notifier-types)")
    String type;

    @Option(name = "--set", multiValued = true, description = "A setting as name=value, e.g. --set url=https://... "
            + "--set format=slack")
    List<String> settings;

    @Option(name = "--no-alerts", description = "Do not push alerts through it")
    boolean noAlerts;

    @Option(name = "--summary", description = "Send the daily summary through it")
    boolean summary;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        NotifierInfo made = notifiers.create(caller, new NotifierDraft(name, type, !noAlerts, summary, parse(settings)));
        System.out.println("Notifier " + made.id() + " '" + made.name() + "' (" + made.type() + ") added");
        return null;
    }

    static Map<String, String> parse(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--set", "Give settings as name=value, not '" + pair.split("=", 2)[0] + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return map;
    }
}
