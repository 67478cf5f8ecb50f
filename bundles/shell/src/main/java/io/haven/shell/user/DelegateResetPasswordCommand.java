package io.haven.shell.user;

import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** Sets a delegate's password without the current one. */
@Service
@Command(scope = "haven", name = "delegate-reset-password", description = "Sets the password of a delegate (asks for it)")
public class DelegateResetPasswordCommand extends HavenCommand {

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "The delegate's id")
    long id;

    @Override
    protected Object run() throws Exception {
        var caller = ShellUser.caller(users);
        char[] password = new PasswordPrompt(session).newPassword("newPassword");
        try {
            users.resetDelegatePassword(caller, id, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("Password of delegate " + id + " set");
        return null;
    }
}
