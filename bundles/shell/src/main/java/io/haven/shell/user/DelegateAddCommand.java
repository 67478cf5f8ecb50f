package io.haven.shell.user;

import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.service.UserService;
import io.haven.shell.auth.ShellUser;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** Adds a delegate of a user (yourself or a user you manage): its own sign-in in that user's world. */
@Service
@Command(scope = "haven", name = "delegate-add", description = "Adds a delegate of a user (asks for its password); view only unless allowed more")
public class DelegateAddCommand extends DelegatePermissionCommand {

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "user", required = true, description = "The id of the user it acts for")
    long userId;

    @Argument(index = 1, name = "name", required = true, description = "The delegate's user name; it never changes")
    String name;

    @Option(name = "--email", description = "The delegate's email address")
    String email;

    @Override
    protected Object run() throws Exception {
        var caller = ShellUser.caller(users);
        char[] password = new PasswordPrompt(session).newPassword("password");
        try {
            Delegate created = users.createDelegate(caller, userId, new DelegateDraft(name, email, password,
                    permissions()));
            System.out.println("Delegate " + created.id() + " (" + created.username() + ") of user " + userId + " added: "
                    + describe(created.permissions()));
        } finally {
            Arrays.fill(password, '\0');
        }
        return null;
    }
}
