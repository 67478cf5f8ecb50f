package io.haven.shell.auth;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.User;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * Signs a shell user in with Haven's user service: the same password rules, throttling and failure
 * events as REST. Root gets Karaf's administrator roles; other users (a later step) may only open the
 * shell.
 */
public class HavenLoginModule implements LoginModule {

    static final String USER_SERVICE_OPTION = "io.haven.userService";
    static final String CHANNEL = "shell";
    /** The roles of Karaf's default administrator group; {@code ssh} opens the SSH shell. */
    static final List<String> ROOT_ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");
    static final List<String> USER_ROLES = List.of("ssh");

    private Subject subject;
    private CallbackHandler callbacks;
    private UserService users;
    private User user;
    /** The API key the user signed in with, or null for a password. */
    private ApiKey key;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.users = (UserService) options.get(USER_SERVICE_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        if (users == null) {
            throw new LoginException("Haven's user service is not available");
        }
        NameCallback name = new NameCallback("User: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("Cannot ask for the user name and password: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        try {
            if (secret != null && isApiKey(secret)) {
                // An API key instead of the password (scripts over ssh): the session gets the key's rights, no more.
                // A key of another user proves nothing; what is not a key may still be a password of that form.
                Optional<ApiKeySignIn> proved = users.signInWithApiKey(new String(secret), clientAddress(subject))
                        .filter(k -> k.user().username().equals(name.getName()));
                if (proved.isPresent()) {
                    user = proved.get().user();
                    key = proved.get().key();
                    return true;
                }
            }
            Optional<User> signedIn = users.signIn(name.getName(), secret == null ? new char[0] : secret,
                    clientAddress(subject), CHANNEL);
            user = signedIn.orElseThrow(() -> new FailedLoginException("The credentials were not accepted"));
            key = null;
            return true;
        } catch (TooManySignInsException e) {
            throw new FailedLoginException(e.getMessage());
        } catch (SecondFactorRequiredException e) {
            // ssh asks for one password: a user with a second factor types the current code right after it.
            throw new FailedLoginException("This user signs in with a one-time code: type the current code of the "
                    + "authenticator app right after the password");
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        added.add(new UserPrincipal(user.username()));
        if (key != null) {
            added.add(new ApiKeyPrincipal(key.id()));
        }
        // Karaf's own admin commands are root's; a read-only key of root's does not get them.
        for (String role : user.root() && (key == null || !key.readOnly()) ? ROOT_ROLES : USER_ROLES) {
            added.add(new RolePrincipal(role));
        }
        subject.getPrincipals().addAll(added);
        return true;
    }

    /** Whether what was typed as the password is an API key ({@code hvn_...}): no password rule allows that form. */
    private static boolean isApiKey(char[] secret) {
        return secret.length > API_KEY_PREFIX.length() && new String(secret, 0, API_KEY_PREFIX.length()).equals(API_KEY_PREFIX);
    }

    private static final String API_KEY_PREFIX = "hvn_";

    @Override
    public boolean abort() {
        user = null;
        key = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        user = null;
        key = null;
        return true;
    }

    /** The IP address of the SSH client, from the principal Karaf's SSH server adds ({@code /127.0.0.1:53412}). */
    static String clientAddress(Subject subject) {
        if (subject != null) {
            for (ClientPrincipal client : subject.getPrincipals(ClientPrincipal.class)) {
                String address = client.getAddress();
                if (address != null && !address.isBlank()) {
                    return hostOf(address);
                }
            }
        }
        return UserService.UNKNOWN_ADDRESS;
    }

    static String hostOf(String socketAddress) {
        String text = socketAddress.startsWith("/") ? socketAddress.substring(1) : socketAddress;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(slash + 1);
        }
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            return end > 0 ? text.substring(1, end) : text;
        }
        // One colon: IPv4 with a port. More: a bare IPv6 address with the port after the last colon.
        return colon > 0 ? text.substring(0, colon) : text;
    }
}
