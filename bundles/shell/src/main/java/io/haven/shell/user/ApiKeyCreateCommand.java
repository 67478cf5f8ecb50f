package io.haven.shell.user;

import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.NewApiKey;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import java.time.Clock;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** A new API key of the signed-in user, shown this once. */
@Service
@Command(scope = "haven", name = "apikey-create", description = "Creates an API key for you; it is shown only once")
public class ApiKeyCreateCommand extends HavenCommand {

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "name", required = true, description = "What the key is for, e.g. ci")
    String name;

    @Option(name = "--expires", description = "When the key stops working, in the server's zone: 2026-12-31, "
            + "2026-12-31T18:00; default never")
    String expires;

    @Option(name = "--read-only", description = "The key only reads and monitors; it changes nothing")
    boolean readOnly;

    Clock clock = Clock.systemUTC();

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Instant until = expires == null ? null : times.parse("expires", expires, clock);
        // Not read-only unless asked: null lets core decide (a session signed in with a read-only key makes read-only keys).
        NewApiKey created = users.createApiKey(ShellUser.signedInCaller(users), new ApiKeyDraft(name, until, readOnly ? true : null));
        System.out.println("API key " + created.info().id() + " '" + created.info().name() + "'"
                + (created.info().readOnly() ? ", read-only" : "")
                + (created.info().expires() == null ? "" : ", expires " + times.format(created.info().expires())) + ":");
        System.out.println(created.key());
        System.out.println("It is shown only this once: Haven keeps only a hash of it.");
        return null;
    }
}
