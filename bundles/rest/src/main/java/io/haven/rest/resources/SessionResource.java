package io.haven.rest.resources;

import io.haven.api.model.User;
import io.haven.api.service.SessionService;
import io.haven.api.service.SessionService.NewSession;
import io.haven.api.service.SessionService.Session;
import io.haven.api.service.UserService;
import io.haven.rest.auth.AuthenticationFilter;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.auth.SessionCookie;
import io.haven.rest.dto.SessionInfo;
import io.haven.rest.dto.SignInRequest;
import io.haven.rest.problem.Problem;
import io.haven.rest.problem.Problems;
import java.util.Arrays;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * Browser sessions (the web console's sign-in): POST opens one and sets its cookie, GET tells who is signed
 * in and the session's CSRF token (a reloaded page cannot read the HttpOnly cookie, so it asks), DELETE
 * signs out. The rules are core's ({@link SessionService}).
 */
@Path("v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;

    public SessionResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(SignInRequest request, @Context ContainerRequestContext context) {
        SignInRequest body = Bodies.required(request);
        String username = body.user();
        char[] password = body.secret();
        Optional<NewSession> opened;
        try {
            opened = sessions.signIn(username, password, body.code(), address(context));
        } finally {
            Arrays.fill(password, '\0');
        }
        if (opened.isEmpty()) {
            // No WWW-Authenticate: a browser would pop up its own password dialog.
            return Problems.builder(Problem.of(401, "unauthorized", "Sign-in failed",
                    "The user name, password or one-time code is wrong")).build();
        }
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.SET_COOKIE, SessionCookie.set(opened.get().token()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(info(opened.get().session()))
                .build();
    }

    @GET
    public Response current(@Context SecurityContext security, @Context ContainerRequestContext context) {
        User user = HavenSecurityContext.user(security);
        Object session = context.getProperty(HavenSecurityContext.SESSION_PROPERTY);
        SessionInfo info = session instanceof Session s ? info(s) : SessionInfo.of(user, null, null);
        return Response.ok(info).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @DELETE
    public Response signOut(@Context ContainerRequestContext context) {
        Object token = context.getProperty(SessionCookie.TOKEN_PROPERTY);
        if (token instanceof String value) {
            sessions.signOut(value);
        }
        return Response.noContent().header(HttpHeaders.SET_COOKIE, SessionCookie.clear()).build();
    }

    private static SessionInfo info(Session session) {
        return SessionInfo.of(session.user(), session.csrfToken(), session.expires());
    }

    private static String address(ContainerRequestContext context) {
        Object address = context.getProperty(AuthenticationFilter.CLIENT_ADDRESS);
        return address instanceof String text && !text.isBlank() ? text : UserService.UNKNOWN_ADDRESS;
    }
}
