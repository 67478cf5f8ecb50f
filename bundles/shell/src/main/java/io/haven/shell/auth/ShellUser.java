package io.haven.shell.auth;

import io.haven.api.model.ApiKey;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.service.HavenException;
import io.haven.api.service.UserService;
import java.security.AccessController;
import java.time.Instant;
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
        return signedIn(users, subject);
    }

    /**
     * The caller of a command about one's own credentials (password, second factor, API keys): the signed-in user, with
     * the API key it signed in with. Unlike {@link #caller}, a session without a signed-in user is refused.
     */
    @SuppressWarnings("removal")
    public static Caller signedInCaller(UserService users) {
        return signedIn(users, Subject.getSubject(AccessController.getContext()));
    }

    private static Caller signedIn(UserService users, Subject subject) {
        User user = current(users);
        String address = HavenLoginModule.clientAddress(subject);
        for (ApiKeyPrincipal signedInWith : subject.getPrincipals(ApiKeyPrincipal.class)) {
            // Looked up again for each command: a key revoked or expired since the sign-in stops the session.
            ApiKey key = users.apiKeys(user.id()).stream().filter(k -> k.id() == signedInWith.keyId()).findFirst()
                    .filter(k -> k.expires() == null || Instant.now().isBefore(k.expires()))
                    .orElseThrow(() -> new HavenException("The API key this session signed in with was revoked or "
                            + "expired; sign in again"));
            return Caller.withKey(user, key, address, "shell");
        }
        return new Caller(user, address, "shell");
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
