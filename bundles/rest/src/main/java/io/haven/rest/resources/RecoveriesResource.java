package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.service.RecoveryService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** The recovery monitor (guide 3.1): every recovery, what it created, and its log. */
@Path("v1/recoveries")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveriesResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    static final int DEFAULT_LIMIT = 100;

    private final RecoveryService recoveries;

    public RecoveriesResource(RecoveryService recoveries) {
        this.recoveries = recoveries;
    }

    @GET
    public List<Recovery> list(@QueryParam("backupId") String backupId, @QueryParam("policyId") String policyId,
                               @QueryParam("limit") String limit) {
        return recoveries.list(caller(), QueryParams.id("backupId", backupId), QueryParams.id("policyId", policyId),
                QueryParams.intValue("limit", limit, DEFAULT_LIMIT, 1, 1000));
    }

    @GET
    @Path("{id}")
    public Recovery get(@PathParam("id") long id) {
        return recoveries.get(caller(), id);
    }

    @GET
    @Path("{id}/resources")
    public List<RecoveredItem> resources(@PathParam("id") long id) {
        return recoveries.resources(caller(), id);
    }

    @GET
    @Path("{id}/log")
    public List<LogEntry> log(@PathParam("id") long id) {
        return recoveries.log(caller(), id);
    }
}
