package io.haven.shell.user;

import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Deletes a group; its members can no longer sign in (guide 17.3). */
@Service
@Command(scope = "haven", name = "group-delete", description = "Deletes a group for identity provider users (root only); "
        + "its members can no longer sign in")
public class GroupDeleteCommand extends io.haven.shell.HavenCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The group's id (haven:group-list)")
    long id;

    @Override
    protected Object run() {
        identityProvider.deleteGroup(ShellUser.caller(users), id);
        System.out.println("Group " + id + " deleted");
        return null;
    }
}
