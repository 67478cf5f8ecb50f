package io.haven.rest.resources;

import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.PasswordChange;
import java.util.Arrays;
import javax.ws.rs.Consumes;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** The calling user's own password; the current one is required even with an API key. */
@Path("v1/password")
public class PasswordResource {

    private final UserService users;

    public PasswordResource(UserService users) {
        this.users = users;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(PasswordChange request, @Context SecurityContext security) {
        PasswordChange body = Bodies.required(request);
        char[] current = body.current();
        char[] next = body.next();
        try {
            users.changePassword(HavenSecurityContext.caller(security), current, next);
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
        }
        return Response.noContent().build();
    }
}
