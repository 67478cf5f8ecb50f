package io.haven.shell.user;

import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Adds a group for identity provider users (guide 17.3). */
@Service
@Command(scope = "haven", name = "group-add", description = "Adds a group for identity provider users (root only); "
        + "its members are in cpm_<name> in the identity provider")
public class GroupAddCommand extends GroupOptionsCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Argument(index = 0, name = "name", required = true, description = "The group's name; it never changes")
    String name;

    @Override
    protected Object run() {
        System.out.println("Added " + describe(identityProvider.createGroup(ShellUser.caller(users), draft(name, null))));
        return null;
    }
}
