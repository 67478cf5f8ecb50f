package io.haven.shell.notify;

import io.haven.api.model.Caller;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierTypeInfo;
import io.haven.api.service.NotifierService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The signed-in user's notifiers, secrets hidden; or the installed types. */
@Service
@Command(scope = "haven", name = "notifier-list", description = "Lists your notifiers (--types: the installed notifier types)")
public class NotifierListCommand extends HavenCommand {

    @Reference
    NotifierService notifiers;

    @Reference
    UserService users;

    @Option(name = "--types", description = "List the notifier types and their settings instead")
    boolean types;

    @Override
    protected Object run() {
        if (types) {
            ShellTable table = new ShellTable().emptyTableText("No notifier plugins installed");
            table.column("Type");
            table.column("Description").maxSize(60).wrap();
            table.column("Settings").maxSize(60).wrap();
            for (NotifierTypeInfo type : notifiers.types()) {
                table.addRow().addContent(type.type(), type.description(), type.settings().stream()
                        .map(s -> s.name() + (s.required() ? "*" : "") + (s.secret() ? " (secret)" : ""))
                        .collect(Collectors.joining(", ")));
            }
            table.print(System.out);
            return null;
        }
        Caller caller = ShellUser.caller(users);
        ShellTable table = new ShellTable().emptyTableText("No notifiers");
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Type");
        table.column("Alerts");
        table.column("Summary");
        table.column("Settings").maxSize(80).wrap();
        for (NotifierInfo n : notifiers.list(caller)) {
            table.addRow().addContent(n.id(), n.name(), n.type() + (n.available() ? "" : " (not installed)"),
                    n.alerts() ? "yes" : "no", n.summary() ? "yes" : "no", n.settings().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        table.print(System.out);
        return null;
    }
}
