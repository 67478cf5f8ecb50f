package io.haven.shell.auth;

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
