package io.haven.rest.auth;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Cookie;

/**
 * The browser session's cookie. The {@code __Host-} prefix makes browsers accept it only when it is Secure,
 * for path / and without a domain, so that no other host or path can plant or shadow it; HttpOnly keeps it
 * from scripts; SameSite=Strict keeps other sites' pages from sending it. No Max-Age: core ends sessions,
 * the browser drops the cookie when it closes. Written by hand: JAX-RS 2.1's NewCookie has no SameSite.
 */
public final class SessionCookie {

    public static final String NAME = "__Host-haven-session";
    /** The header a cookie-authenticated request that changes something must carry the session's CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The request property the session's token is left in for the sign-out. */
    public static final String TOKEN_PROPERTY = "io.haven.rest.sessionToken";

    private SessionCookie() {
    }

    /** The Set-Cookie header value that gives the browser this session token. */
    public static String set(String token) {
        return NAME + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
    }

    /** The Set-Cookie header value that makes the browser forget the session. */
    public static String clear() {
        return NAME + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** The session token the request carries, or null. */
    public static String token(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(NAME);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }
}
