package io.haven.rest.resources;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
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

/**
 * API keys of the calling user (a delegate's own). A key is shown once, in the answer that creates it; core bounds
 * a key made with a key by that key's rights and expiry.
 */
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
        ApiKeyRequest body = Bodies.required(request);
        ApiKeyCreated created = ApiKeyCreated.of(users.createApiKey(HavenSecurityContext.caller(security),
                new ApiKeyDraft(body.name(), body.expires(), body.readOnly())));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<ApiKey> list(@Context SecurityContext security) {
        return users.apiKeys(HavenSecurityContext.caller(security));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id, @Context SecurityContext security) {
        users.revokeApiKey(HavenSecurityContext.caller(security), id);
        return Response.noContent().build();
    }
}
