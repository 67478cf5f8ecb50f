package io.haven.rest.auth;

import io.haven.api.model.ApiKey;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** The SecurityContext of an authenticated request. The only role is {@value #ROOT_ROLE}. */
public class HavenSecurityContext implements SecurityContext {

    public static final String ROOT_ROLE = "root";
    public static final String BEARER_AUTH = "Bearer";
    /** The scheme of requests authenticated by a browser session's cookie. */
    public static final String SESSION_AUTH = "Session";
    /** The request property a session-authenticated request's {@code SessionService.Session} is left in. */
    public static final String SESSION_PROPERTY = "io.haven.rest.session";
    /** The channel of requests made with a browser session. */
    public static final String CONSOLE_CHANNEL = "console";

    private final UserPrincipal principal;
    private final String scheme;
    private final boolean secure;
    private final String address;

    public HavenSecurityContext(User user, String scheme, boolean secure) {
        this(user, scheme, secure, Caller.UNKNOWN_ADDRESS);
    }

    public HavenSecurityContext(User user, String scheme, boolean secure, String address) {
        this(user, null, scheme, secure, address);
    }

    /** The context of a request made with an API key ({@code key} non-null) or other credentials. */
    public HavenSecurityContext(User user, ApiKey key, String scheme, boolean secure, String address) {
        this.principal = new UserPrincipal(user, key);
        this.scheme = scheme;
        this.secure = secure;
        this.address = address;
    }

    /** Who made an authenticated request, from where: what every core service is called with. */
    public static Caller caller(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof UserPrincipal user
                && context instanceof HavenSecurityContext haven) {
            // A cookie session is the web console's; the audit log tells them apart.
            // A request made with an API key carries it: its rights bound what core lets the request do.
            return new Caller(user.user(), haven.address,
                    SESSION_AUTH.equals(haven.scheme) ? CONSOLE_CHANNEL : AuthenticationFilter.CHANNEL, null, user.key());
        }
        if (context != null && context.getUserPrincipal() instanceof UserPrincipal user) {
            return new Caller(user.user(), Caller.UNKNOWN_ADDRESS, AuthenticationFilter.CHANNEL, null, user.key());
        }
        throw new IllegalStateException("The request was not authenticated");
    }

    /** The user of an authenticated request; the filter guarantees there is one. */
    public static User user(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof UserPrincipal user) {
            return user.user();
        }
        throw new IllegalStateException("The request was not authenticated");
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return ROOT_ROLE.equals(role) && principal.user().root();
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }
}
