package io.haven.shell.user;

import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** Creates a user; the password is asked for, masked, never taken as an argument. Root may give resource limits. */
@Service
@Command(scope = "haven", name = "user-add", description = "Creates an independent or a managed user (asks for its "
        + "password); root may set its resource limits")
public class UserAddCommand extends LimitOptionsCommand {

    @Reference
    UserService users;

    @Reference
    Session session;

    @Option(name = "--type", description = "INDEPENDENT (root only) or MANAGED")
    UserType type = UserType.MANAGED;

    @Option(name = "--manager", description = "For a managed user: the id of its manager (default: you)")
    Long manager;

    @Option(name = "--email", description = "The user's email address")
    String email;

    @Argument(index = 0, name = "name", required = true, description = "The user name; it never changes")
    String name;

    @Override
    protected Object run() throws Exception {
        var caller = ShellUser.caller(users);
        // a mistyped limit is refused before the password is asked for
        ResourceLimits limits = limitsGiven() ? limits(ResourceLimits.UNLIMITED) : null;
        char[] password = new PasswordPrompt(session).newPassword("password");
        try {
            UserProfile created = users.createUser(caller, new UserDraft(name, email, password, type, manager,
                    limits));
            System.out.println("User " + created.id() + " (" + created.username() + ", " + created.type() + ") created; "
                    + "limits: " + text(created.limits()));
        } finally {
            Arrays.fill(password, '\0');
        }
        return null;
    }
}
