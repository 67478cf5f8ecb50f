package io.haven.api.auth;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks a user name and password, registered as a service (Declarative Services). Core asks every
 * authenticator in turn and accepts the first that proves the user; it throttles failed attempts and
 * caches successes itself, so an implementation does neither.
 *
 * <p>An implementation must take the same time whether or not the user exists (compare against a dummy
 * secret of the same cost), and must not keep or log the password.
 */
@ConsumerType
public interface Authenticator {

    /** A short name for logs and events, such as {@code local}. */
    String name();

    /**
     * The name of the Haven user the credentials prove, or empty when they prove none. The array is the
     * caller's: it is wiped after the call.
     */
    Optional<String> authenticate(String username, char[] password);
}
