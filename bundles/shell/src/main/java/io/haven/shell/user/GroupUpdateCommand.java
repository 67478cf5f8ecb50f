package io.haven.shell.user;

import io.haven.api.model.Caller;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Changes a group for identity provider users; built-in groups never change (guide 17.3). */
@Service
@Command(scope = "haven", name = "group-update", description = "Changes a group for identity provider users (root only)")
public class GroupUpdateCommand extends GroupOptionsCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The group's id (haven:group-list)")
    long id;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        var current = identityProvider.group(caller, id);
        System.out.println("Changed " + describe(identityProvider.updateGroup(caller, id, draft(null, current))));
        return null;
    }
}
