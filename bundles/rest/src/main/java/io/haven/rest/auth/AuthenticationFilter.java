package io.haven.rest.auth;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.User;
import io.haven.api.service.SessionService;
import io.haven.api.service.SessionService.Session;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import io.haven.rest.problem.Problem;
import io.haven.rest.problem.Problems;
import io.haven.rest.problem.SecondFactorRequiredExceptionMapper;
import io.haven.rest.problem.TooManySignInsExceptionMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

/**
 * Authenticates every request except the public ones by HTTP Basic (user and password), by an API key
 * as a Bearer token, or by a browser session's cookie; a cookie-authenticated request that may change
 * something (any method but GET, HEAD and OPTIONS) must also carry the session's CSRF token in
 * {@value SessionCookie#CSRF_HEADER}, or is refused with 403. Runs before resource matching, so an anonymous caller learns nothing about which
 * paths exist. The Authorization header is never logged or echoed. Throttling and caching of passwords are
 * core's ({@link UserService#signIn}); too many failures answer 429 with Retry-After.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    /** Paths, relative to /api, that anyone may read. */
    public static final Set<String> PUBLIC_PATHS = Set.of("v1/openapi.json", "v1/session/identity-provider");
    public static final String CHALLENGE = "Basic realm=\"Haven\"";
    /**
     * The challenge for script requests of a browser page ({@code X-Requested-With: XMLHttpRequest}): a Basic
     * challenge would make the browser pop up its own password dialog over the page's sign-in form.
     */
    public static final String SESSION_CHALLENGE = "Session realm=\"Haven\"";
    /** The operation that opens a browser session: anyone may try, as anyone may send Basic credentials. */
    static final String SIGN_IN_PATH = "v1/session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** The request property (a servlet request attribute) that {@code RestServlet} sets to the client's address. */
    public static final String CLIENT_ADDRESS = "io.haven.rest.clientAddress";
    public static final String CHANNEL = "rest";

    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    private final UserService users;
    private final SessionService sessions;

    public AuthenticationFilter(UserService users, SessionService sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = stripSlashes(request.getUriInfo().getPath());
        if (PUBLIC_PATHS.contains(path) || SIGN_IN_PATH.equals(path) && "POST".equals(request.getMethod())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        Optional<User> user = Optional.empty();
        ApiKey apiKey = null;
        String scheme = null;
        if (startsWithIgnoreCase(header, BASIC)) {
            try {
                user = basic(header.substring(BASIC.length()).trim(), clientAddress(request));
            } catch (TooManySignInsException e) {
                request.abortWith(TooManySignInsExceptionMapper.tooMany(e));
                return;
            } catch (SecondFactorRequiredException e) {
                request.abortWith(Problems.builder(Problem.of(401, SecondFactorRequiredExceptionMapper.TYPE,
                        "One-time code required", "This user signs in with a one-time code: with Basic, append the "
                                + "current code of the authenticator app to the password; scripts use an API key"))
                        .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
                return;
            }
            scheme = SecurityContext.BASIC_AUTH;
        } else if (startsWithIgnoreCase(header, BEARER)) {
            String key = header.substring(BEARER.length()).trim();
            Optional<ApiKeySignIn> proved = key.isEmpty() ? Optional.empty()
                    : users.signInWithApiKey(key, clientAddress(request));
            apiKey = proved.map(ApiKeySignIn::key).orElse(null);
            user = proved.map(ApiKeySignIn::user);
            scheme = HavenSecurityContext.BEARER_AUTH;
        } else if (header == null && SessionCookie.token(request) != null) {
            String token = SessionCookie.token(request);
            Optional<Session> session = sessions.resume(token, request.getHeaderString(SessionCookie.CSRF_HEADER));
            if (session.isPresent() && !SAFE_METHODS.contains(request.getMethod()) && !session.get().csrfVerified()) {
                request.abortWith(Problems.builder(Problem.of(403, "csrf", "Missing or wrong CSRF token",
                        "A request with the session cookie that changes something must send the session's token in "
                                + SessionCookie.CSRF_HEADER + " (GET /api/v1/session tells it)")).build());
                return;
            }
            session.ifPresent(s -> {
                request.setProperty(SessionCookie.TOKEN_PROPERTY, token);
                request.setProperty(HavenSecurityContext.SESSION_PROPERTY, s);
            });
            user = session.map(Session::user);
            scheme = HavenSecurityContext.SESSION_AUTH;
        }
        if (user.isPresent()) {
            request.setSecurityContext(new HavenSecurityContext(user.get(), apiKey, scheme, secure,
                    clientAddress(request)));
        } else {
            request.abortWith(unauthorized(header == null,
                    "XMLHttpRequest".equalsIgnoreCase(request.getHeaderString("X-Requested-With"))));
        }
    }

    private static String clientAddress(ContainerRequestContext request) {
        Object address = request.getProperty(CLIENT_ADDRESS);
        return address instanceof String text && !text.isBlank() ? text : UserService.UNKNOWN_ADDRESS;
    }

    private Optional<User> basic(String encoded, String address) {
        char[] credentials = decode(encoded);
        if (credentials == null) {
            return Optional.empty();
        }
        try {
            int colon = indexOf(credentials, ':');
            if (colon < 0) {
                return Optional.empty();
            }
            String username = new String(credentials, 0, colon);
            char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
            try {
                return users.signIn(username, password, address, CHANNEL);
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(credentials, '\0');
        }
    }

    /** Decodes base64 and UTF-8 into chars that can be wiped; null when either is malformed. */
    private static char[] decode(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            return null;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static javax.ws.rs.core.Response unauthorized(boolean noCredentials, boolean fromPageScript) {
        String detail = noCredentials
                ? "Send an Authorization header: Basic with user name and password, or Bearer with an API key"
                        + ", or sign in with POST /api/v1/session"
                : "The credentials were not accepted";
        return Problems.builder(Problem.of(401, "unauthorized", "Authentication required", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, fromPageScript ? SESSION_CHALLENGE : CHALLENGE)
                .build();
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value != null && value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String stripSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
