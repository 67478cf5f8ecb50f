package io.haven.shell.auth;

import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.service.HavenException;
import io.haven.api.service.UserService;
import java.security.AccessController;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/** The Haven user signed in to the running shell session, from the session's JAAS subject. */
public final class ShellUser {

    private ShellUser() {
    }

    /** The name of the user that sessions without a signed-in user act as. */
    static final String IN_PROCESS_USER = "root";

    /**
     * The caller of a command: the signed-in Haven user, from the SSH client's address. A session without any
     * JAAS subject was opened inside the Haven process (by code that can do anything there) and acts as root;
     * SSH sessions and Karaf's local console always have a subject, so they never get here.
     */
    @SuppressWarnings("removal")
    public static Caller caller(UserService users) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            User root = users.byUsername(IN_PROCESS_USER).orElseThrow(() -> new HavenException("Haven has no root user"));
            return new Caller(root, Caller.UNKNOWN_ADDRESS, "shell");
        }
        return new Caller(current(users), HavenLoginModule.clientAddress(subject), "shell");
    }

    @SuppressWarnings("removal") // Karaf runs commands under Subject.doAs; Java 17 still reads it this way.
    public static User current(UserService users) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (UserPrincipal principal : subject.getPrincipals(UserPrincipal.class)) {
                return users.byUsername(principal.getName()).orElseThrow(() -> new HavenException(
                        "The shell user '" + principal.getName() + "' is not a Haven user; sign in with bin/client -u root"));
            }
        }
        throw new HavenException("This shell session has no signed-in user; sign in with bin/client -u root");
    }
}
