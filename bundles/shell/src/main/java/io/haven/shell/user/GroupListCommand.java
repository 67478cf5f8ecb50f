package io.haven.shell.user;

import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Haven's groups for identity provider users (guide 17.3). */
@Service
@Command(scope = "haven", name = "group-list", description = "Lists Haven's groups for identity provider users (root only)")
public class GroupListCommand extends io.haven.shell.HavenCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Override
    protected Object run() {
        identityProvider.groups(ShellUser.caller(users)).forEach(g -> System.out.println(GroupOptionsCommand.describe(g)));
        return null;
    }
}
