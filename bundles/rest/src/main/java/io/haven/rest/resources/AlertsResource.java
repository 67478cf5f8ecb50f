package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Alert;
import io.haven.api.service.AlertService;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import java.util.List;

/** Alerts Haven raised, newest first. */
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
}
