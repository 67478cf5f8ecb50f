package io.haven.rest.resources;

import io.haven.api.model.ApiKey;
import io.haven.api.model.User;
import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.dto.ApiKeyRequest;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** API keys of the calling user. A key is shown once, in the answer that creates it. */
@Path("v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private final UserService users;

    public ApiKeysResource(UserService users) {
        this.users = users;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ApiKeyRequest request, @Context SecurityContext security) {
        User caller = HavenSecurityContext.user(security);
        ApiKeyRequest body = Bodies.required(request);
        ApiKeyCreated created = ApiKeyCreated.of(users.createApiKey(caller.id(), body.name(), body.expires()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<ApiKey> list(@Context SecurityContext security) {
        return users.apiKeys(HavenSecurityContext.user(security).id());
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id, @Context SecurityContext security) {
        users.revokeApiKey(HavenSecurityContext.user(security).id(), id);
        return Response.noContent().build();
    }
}
