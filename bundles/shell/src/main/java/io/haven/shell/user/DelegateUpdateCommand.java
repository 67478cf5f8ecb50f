package io.haven.shell.user;

import io.haven.api.model.Delegate;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Sets a delegate's permissions to exactly those given. */
@Service
@Command(scope = "haven", name = "delegate-update", description = "Sets what a delegate may change (the options given; none: view only)")
public class DelegateUpdateCommand extends DelegatePermissionCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The delegate's id")
    long id;

    @Override
    protected Object run() {
        Delegate changed = users.updateDelegate(ShellUser.caller(users), id, permissions());
        System.out.println("Delegate " + changed.id() + " (" + changed.username() + "): " + describe(changed.permissions()));
        return null;
    }
}
