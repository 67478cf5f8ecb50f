package io.haven.shell.user;

import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Turns off the second factor of a user you manage, for a user who lost their authenticator app. */
@Service
@Command(scope = "haven", name = "user-reset-second-factor", description = "Turns off the second factor of a user you manage")
public class UserResetSecondFactorCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The user's id")
    long id;

    @Override
    protected Object run() {
        users.resetSecondFactor(ShellUser.caller(users), id);
        System.out.println("Second factor of user " + id + " off: the password alone signs in");
        return null;
    }
}
