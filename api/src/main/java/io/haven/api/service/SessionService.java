package io.haven.api.service;

import io.haven.api.model.User;
import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sessions for browsers (the web console): a user signs in once with a password and then sends a random
 * session token (a cookie) instead. Sessions end after 12 hours, after 30 idle minutes, or at sign-out.
 * Each carries a second random token against cross-site request forgery that a request changing
 * something must present besides the cookie.
 *
 * @since 1.3
 */
@ProviderType
public interface SessionService {

    /** The channel sign-ins of sessions are logged and throttled under. */
    String CHANNEL = "console";

    /**
     * Checks a user name and password under the same rules as {@link UserService#signIn} (throttling,
     * failures logged) and opens a session; empty when they do not match.
     *
     * @throws TooManySignInsException when the user or the address failed too often lately
     */
    Optional<NewSession> signIn(String username, char[] password, String address);

    /**
     * As {@link #signIn(String, char[], String)}, with the current one-time code of a user who signs in with a second
     * factor (null: none given).
     *
     * @throws SecondFactorRequiredException when the password is right, the user has a second factor and the code
     *                                       is null: ask for it
     * @since 2.2
     */
    Optional<NewSession> signIn(String username, char[] password, String code, String address);

    /**
     * The open session of this token, which counts as a use (the idle limit starts again); empty when the
     * token is unknown, signed out or expired. {@code csrfToken} is what the request presented against
     * forgery (null: nothing) and is only compared, in constant time.
     */
    Optional<Session> resume(String token, String csrfToken);

    /** Ends the session of this token; nothing happens when there is none. */
    void signOut(String token);

    /**
     * An open session, as a request sees it.
     *
     * @param user         who signed in
     * @param csrfToken    the session's token against request forgery, for the browser application to send
     * @param csrfVerified whether the request presented exactly that token
     * @param expires      when the session ends at the latest (the idle limit may end it sooner)
     */
    record Session(User user, String csrfToken, boolean csrfVerified, Instant expires) {
    }

    /** A session just opened: its token, shown only now and kept by core only as a hash, and the session. */
    record NewSession(String token, Session session) {
        @Override
        public String toString() {
            return "NewSession[user=" + session.user().username() + "]";
        }
    }
}
