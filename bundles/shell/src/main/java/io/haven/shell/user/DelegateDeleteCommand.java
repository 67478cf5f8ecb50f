package io.haven.shell.user;

import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Removes a delegate. */
@Service
@Command(scope = "haven", name = "delegate-delete", description = "Removes a delegate (its sessions and keys end at once)")
public class DelegateDeleteCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The delegate's id")
    long id;

    @Override
    protected Object run() {
        users.deleteDelegate(ShellUser.caller(users), id);
        System.out.println("Delegate " + id + " removed");
        return null;
    }
}
