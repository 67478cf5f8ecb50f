package io.haven.api.model;

import java.util.Objects;

/**
 * Who asks a service for something: the signed-in user, and where the request came from. Every
 * user-facing service method takes one first, so that core alone decides what a caller may see and do
 * and what the audit records; REST, the shell and the console only build it.
 *
 * <p>A delegate (guide 16.4) acts in its principal's world: a caller built for a signed-in delegate has the
 * principal as {@link #user()} and the delegate as {@link #delegate()}, so that no interface can forget it.
 *
 * @param user     the user whose world the request acts in
 * @param address  where the request came from (an IP address), or {@link #UNKNOWN_ADDRESS}
 * @param channel  how it came: {@code rest}, {@code shell}, {@code console}, {@code agent} or {@code system}
 * @param delegate the delegate acting for {@code user}, or null (since 1.7)
 * @param key      the API key the request was made with, or null (a password, a session, in-process); its rights
 *                 bound the caller's: a read-only key changes nothing (since 1.11)
 */
public record Caller(User user, String address, String channel, User delegate, ApiKey key) {

    public static final String UNKNOWN_ADDRESS = "unknown";

    public Caller {
        Objects.requireNonNull(user, "user");
        if (user.delegation() != null) {
            if (delegate != null) {
                throw new IllegalArgumentException("A delegate acts for its principal, never for another delegate");
            }
            delegate = user;
            user = user.delegation().principal();
        }
        address = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        channel = channel == null || channel.isBlank() ? "system" : channel;
    }

    /** A caller that did not use an API key. */
    public Caller(User user, String address, String channel, User delegate) {
        this(user, address, channel, delegate, null);
    }

    /** The caller of a signed-in user (a delegate becomes its principal's caller, see above). */
    public Caller(User user, String address, String channel) {
        this(user, address, channel, null, null);
    }

    /** The caller of a user signed in with one of its API keys (a delegate's key: see above). @since 1.11 */
    public static Caller withKey(User user, ApiKey key, String address, String channel) {
        return new Caller(user, address, channel, null, Objects.requireNonNull(key, "key"));
    }

    /** The user who signed in: the delegate when a delegate acts, the user otherwise. @since 1.11 */
    public User signedIn() {
        return delegate == null ? user : delegate;
    }

    /** Whether the caller only reads and monitors, because it uses a read-only API key. @since 1.11 */
    public boolean readOnly() {
        return key != null && key.readOnly();
    }

    /** A caller whose address is not known, for tests and in-process callers. */
    public static Caller of(User user) {
        return new Caller(user, UNKNOWN_ADDRESS, "system");
    }

    /** The permissions of the delegate acting, or null when the user acts itself. @since 1.7 */
    public DelegatePermissions delegatePermissions() {
        return delegate == null ? null : delegate.delegation().permissions();
    }
}
