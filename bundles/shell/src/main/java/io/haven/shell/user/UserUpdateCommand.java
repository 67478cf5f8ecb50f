package io.haven.shell.user;

import io.haven.api.model.UserChange;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Changes a user's email, type, manager or resource limits; what is not given stays. */
@Service
@Command(scope = "haven", name = "user-update", description = "Changes a user's email, type (root only), manager or "
        + "resource limits (root only)")
public class UserUpdateCommand extends LimitOptionsCommand {

    @Reference
    UserService users;

    @Option(name = "--type", description = "INDEPENDENT or MANAGED")
    UserType type;

    @Option(name = "--manager", description = "For a managed user: the id of its manager")
    Long manager;

    @Option(name = "--email", description = "The user's email address")
    String email;

    @Argument(index = 0, name = "id", required = true, description = "The user's id")
    long id;

    @Override
    protected Object run() {
        var caller = ShellUser.caller(users);
        var limits = limitsGiven() ? limits(users.user(caller, id).limits()) : null;
        UserProfile changed = users.updateUser(caller, id, new UserChange(email, type, manager, limits));
        System.out.println("User " + changed.id() + " (" + changed.username() + ", " + changed.type() + ") changed; "
                + "limits: " + text(changed.limits()));
        return null;
    }
}
