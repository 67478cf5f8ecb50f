package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserProfile;
import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.DelegateRequest;
import io.haven.rest.dto.PasswordReset;
import io.haven.rest.dto.UserRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

/** User management (guide 16.2); who may do what is core's rule. */
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private final UserService users;

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    public UsersResource(UserService users) {
        this.users = users;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    @GET
    public List<UserProfile> list() {
        return users.users(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(UserRequest request, @Context UriInfo uri) {
        var draft = Bodies.required(request).toDraft();
        try {
            UserProfile created = users.createUser(caller(), draft);
            URI location = uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
            return Response.created(location).entity(created).build();
        } finally {
            Arrays.fill(draft.password(), '\0');
        }
    }

    @GET
    @Path("{id}")
    public UserProfile get(@PathParam("id") long id) {
        return users.user(caller(), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserProfile update(@PathParam("id") long id, UserChange change) {
        return users.updateUser(caller(), id, Bodies.required(change));
    }

    @PUT
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resetPassword(@PathParam("id") long id, PasswordReset request) {
        char[] next = Bodies.required(request).next();
        try {
            users.resetPassword(caller(), id, next);
        } finally {
            Arrays.fill(next, '\0');
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/delegates")
    public List<Delegate> list(@PathParam("id") long userId) {
        return users.delegates(caller(), userId);
    }

    @POST
    @Path("{id}/delegates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") long userId, DelegateRequest request, @Context UriInfo uri) {
        var draft = Bodies.required(request).toDraft();
        try {
            Delegate created = users.createDelegate(caller(), userId, draft);
            URI location = uri.getBaseUriBuilder().path("v1/delegates").path(String.valueOf(created.id())).build();
            return Response.created(location).entity(created).build();
        } finally {
            Arrays.fill(draft.password(), '\0');
        }
    }

    @DELETE
    @Path("{id}/second-factor")
    public Response resetSecondFactor(@PathParam("id") long id) {
        users.resetSecondFactor(caller(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public UserDeleted delete(@PathParam("id") long id) {
        return users.deleteUser(caller(), id);
    }
}
