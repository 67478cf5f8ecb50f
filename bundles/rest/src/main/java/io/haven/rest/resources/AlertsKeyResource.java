package io.haven.rest.resources;

import io.haven.api.model.AlertsKey;
import io.haven.api.service.AlertService;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The calling user's alerts key for {@code /agentapi/get_cpm_alerts/} (guide 15.2): made (or replaced) by POST and
 * shown only in that answer, removed by DELETE.
 */
@Path("v1/alerts-key")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsKeyResource {

    private final AlertService alerts;

    public AlertsKeyResource(AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    public AlertsKey get(@Context SecurityContext security) {
        return alerts.alertsKey(AlertsResource.caller(security));
    }

    @POST
    public Response renew(@Context SecurityContext security) {
        return Response.status(Response.Status.CREATED).entity(alerts.newAlertsKey(AlertsResource.caller(security)))
                .build();
    }

    @DELETE
    public Response remove(@Context SecurityContext security) {
        alerts.removeAlertsKey(AlertsResource.caller(security));
        return Response.noContent().build();
    }
}
