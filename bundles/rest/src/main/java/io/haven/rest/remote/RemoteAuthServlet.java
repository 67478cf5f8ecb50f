package io.haven.rest.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.service.ConflictException;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.IdentityProviderService.CompletedSignIn;
import io.haven.api.service.TooManySignInsException;
import io.haven.rest.auth.SessionCookie;
import io.haven.rest.json.HavenJson;
import io.haven.rest.problem.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /remote_auth/*}, the identity provider's side of Haven (guide 17.1), beside the REST API: the paths are the
 * guide's, and the callers are browsers sent by the identity provider, not API clients.
 * <ul>
 * <li>{@code GET metadata}: Haven's service provider metadata (also Haven's entity id);</li>
 * <li>{@code GET login?returnTo=/console/...}: sends the browser to the identity provider to sign in;</li>
 * <li>{@code POST complete_login/} (SAML) or {@code GET complete_login/?code=...&state=...} (OpenID Connect): the
 * identity provider's answer; opens a console session;</li>
 * <li>{@code GET logout}: ends the console session and signs out at the identity provider when it has a URL;</li>
 * <li>{@code complete_logout/}: where the identity provider sends the browser back; on to the console.</li>
 * </ul>
 * Every rule is core's ({@link IdentityProviderService}); this only speaks HTTP.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/remote_auth/*",
        "osgi.http.whiteboard.servlet.name=haven-remote-auth"})
public class RemoteAuthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The form fields an identity provider posts; anything else is ignored (and bounded in size by Jetty). */
    private static final String[] ANSWER_FIELDS = {"SAMLResponse", "RelayState", "code", "state", "error"};

    private final transient IdentityProviderService identityProvider;
    private final transient ObjectMapper json = HavenJson.newMapper();

    @Activate
    public RemoteAuthServlet(@Reference IdentityProviderService identityProvider) {
        this.identityProvider = identityProvider;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String method = request.getMethod();
        try {
            switch (path) {
                case "/metadata" -> {
                    requireMethod(method, "GET");
                    response.setStatus(200);
                    response.setContentType("application/samlmetadata+xml");
                    response.setCharacterEncoding("UTF-8");
                    response.getOutputStream().write(identityProvider.serviceProviderMetadata()
                            .getBytes(StandardCharsets.UTF_8));
                }
                case "/login" -> {
                    requireMethod(method, "GET");
                    redirect(response, identityProvider.startSignIn(request.getParameter("returnTo"),
                            request.getRemoteAddr()));
                }
                case "/complete_login/", "/complete_login" -> {
                    // SAML posts its answer; OpenID Connect sends the browser back with a code in the query.
                    if (!"POST".equals(method) && !"GET".equals(method)) {
                        throw new WrongMethod("GET, POST");
                    }
                    Map<String, String> form = new HashMap<>();
                    for (String field : ANSWER_FIELDS) {
                        String value = request.getParameter(field);
                        if (value != null) {
                            form.put(field, value);
                        }
                    }
                    CompletedSignIn done = identityProvider.completeSignIn(form, request.getRequestURL().toString(),
                            request.getRemoteAddr());
                    response.addHeader("Set-Cookie", SessionCookie.set(done.session().token()));
                    redirect(response, done.returnTo());
                }
                case "/logout" -> {
                    requireMethod(method, "GET");
                    String token = sessionToken(request);
                    String next = identityProvider.signOut(token).orElse("/console/");
                    response.addHeader("Set-Cookie", SessionCookie.clear());
                    redirect(response, next);
                }
                case "/complete_logout/", "/complete_logout" -> redirect(response, "/console/");
                default -> problem(response, 404, "not-found", "Not found", "/remote_auth/ has metadata, login, "
                        + "complete_login/, logout and complete_logout/");
            }
        } catch (WrongMethod e) {
            response.setHeader("Allow", e.getMessage());
            problem(response, 405, "method-not-allowed", "Method not allowed", path + " answers " + e.getMessage() + " only");
        } catch (FederatedSignInException e) {
            problem(response, 401, "identity-provider-sign-in-failed", "Sign-in with the identity provider failed",
                    e.getMessage());
        } catch (TooManySignInsException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            problem(response, 429, "too-many-sign-ins", "Too many failed sign-ins", e.getMessage());
        } catch (ConflictException e) {
            problem(response, 409, "conflict", "Not available", e.getMessage());
        }
    }

    private static String sessionToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (SessionCookie.NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    private static void requireMethod(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new WrongMethod(allowed);
        }
    }

    private void problem(HttpServletResponse response, int status, String slug, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        try {
            response.getOutputStream().write(json.writeValueAsBytes(Problem.of(status, slug, title, detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's method is not the one the path answers. */
    private static final class WrongMethod extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongMethod(String allowed) {
            super(allowed, null, false, false);
        }
    }
}
