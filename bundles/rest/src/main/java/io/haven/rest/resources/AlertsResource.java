package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Alert;
import io.haven.api.model.Caller;
import io.haven.api.service.AlertService;
import io.haven.rest.auth.HavenSecurityContext;
import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Alerts Haven raised, newest first; acknowledged and deleted by the users who see them. */
@Path("v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    static final int DEFAULT_LIMIT = 100;

    private final AlertService alerts;

    public AlertsResource(AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    public List<Alert> list(@QueryParam("limit") String limit) {
        return alerts.list(caller(), QueryParams.intValue("limit", limit, DEFAULT_LIMIT, 1, 1000));
    }

    @GET
    @Path("{id}")
    public Alert get(@PathParam("id") long id, @Context SecurityContext security) {
        return alerts.get(caller(security), id);
    }

    @POST
    @Path("{id}/acknowledge")
    public Alert acknowledge(@PathParam("id") long id, @Context SecurityContext security) {
        return alerts.acknowledge(caller(security), id);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        alerts.delete(caller(security), id);
        return Response.noContent().build();
    }

    static Caller caller(SecurityContext security) {
        return HavenSecurityContext.caller(security);
    }
}
