package io.haven.rest.resources;

import io.haven.api.model.User;
import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.dto.ApiKeyRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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
        String name = Bodies.required(request).name();
        String key = users.createApiKey(caller.id(), name);
        return Response.status(Response.Status.CREATED).entity(new ApiKeyCreated(name, key)).build();
    }
}
