package io.haven.rest.resources;

import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.service.AuditService;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** The audit log (guide 16.6), newest first, as far as the caller may read it: core decides. */
@Path("v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @GET
    public AuditPage list(@QueryParam("userId") String userId, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("before") String before,
                          @QueryParam("limit") String limit, @Context SecurityContext security) {
        return audit.list(HavenSecurityContext.caller(security), new AuditQuery(
                QueryParams.id("userId", userId),
                QueryParams.instant("from", from),
                QueryParams.instant("to", to),
                QueryParams.id("before", before),
                QueryParams.intValue("limit", limit, AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT)));
    }
}
