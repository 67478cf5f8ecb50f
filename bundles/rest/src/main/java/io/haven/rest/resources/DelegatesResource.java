package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.PasswordReset;
import java.util.Arrays;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Delegates (guide 16.4) by their own id: permissions, password, removal (listed and added under their user: {@link UsersResource}). */
@Path("v1/delegates")
@Produces(MediaType.APPLICATION_JSON)
public class DelegatesResource {

    private final UserService users;

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    public DelegatesResource(UserService users) {
        this.users = users;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Delegate update(@PathParam("id") long id, DelegatePermissions permissions) {
        return users.updateDelegate(caller(), id, Bodies.required(permissions));
    }

    @PUT
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resetPassword(@PathParam("id") long id, PasswordReset request) {
        char[] next = Bodies.required(request).next();
        try {
            users.resetDelegatePassword(caller(), id, next);
        } finally {
            Arrays.fill(next, '\0');
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        users.deleteDelegate(caller(), id);
        return Response.noContent().build();
    }
}
