package io.haven.rest.resources;

import io.haven.api.permission.PermissionCheckService;
import io.haven.api.permission.PermissionReport;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** "Check AWS permissions" of an account (guide 14.3). A POST: it calls AWS, though it changes nothing. */
@Path("v1/accounts/{id}/permission-check")
@Produces(MediaType.APPLICATION_JSON)
public class PermissionCheckResource {

    private final PermissionCheckService permissions;

    public PermissionCheckResource(PermissionCheckService permissions) {
        this.permissions = permissions;
    }

    @POST
    public PermissionReport check(@PathParam("id") long id, @QueryParam("region") String region,
                                  @Context SecurityContext security) {
        return permissions.check(HavenSecurityContext.caller(security), id, QueryParams.optional("region", region));
    }
}
