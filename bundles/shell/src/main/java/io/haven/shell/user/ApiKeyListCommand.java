package io.haven.shell.user;

import io.haven.api.model.ApiKey;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** The signed-in user's API keys, never their values. */
@Service
@Command(scope = "haven", name = "apikey-list", description = "Lists your API keys (never the keys themselves)")
public class ApiKeyListCommand extends HavenCommand {

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No API keys");
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Created");
        table.column("Expires");
        table.column("Last used");
        table.column("Rights");
        for (ApiKey key : users.apiKeys(ShellUser.signedInCaller(users))) {
            table.addRow().addContent(key.id(), key.name(), times.format(key.created()), orNever(times, key.expires()),
                    orNever(times, key.lastUsed()), key.readOnly() ? "read-only" : "all");
        }
        table.print(System.out);
        return null;
    }

    private static String orNever(Times times, Instant time) {
        return time == null ? "never" : times.format(time);
    }
}
