package io.haven.rest.resources;

import io.haven.api.model.Dashboard;
import io.haven.api.service.DashboardService;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** The caller's world at a glance, as core puts it together. */
@Path("v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DashboardService dashboards;

    public DashboardResource(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    @GET
    public Dashboard dashboard(@Context SecurityContext security) {
        return dashboards.dashboard(HavenSecurityContext.caller(security));
    }
}
