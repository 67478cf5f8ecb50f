package io.haven.rest.resources;

import io.haven.api.model.Delivery;
import io.haven.api.model.NotifierInfo;
import io.haven.api.model.NotifierTypeInfo;
import io.haven.api.service.NotifierService;
import io.haven.rest.dto.NotifierRequest;
import java.net.URI;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** The calling user's notifiers (guide 15.3-15.5), their tests and deliveries, and the types plugins offer. */
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
public class NotifiersResource {

    private final NotifierService notifiers;

    public NotifiersResource(NotifierService notifiers) {
        this.notifiers = notifiers;
    }

    @GET
    @Path("notifier-types")
    public List<NotifierTypeInfo> types() {
        return notifiers.types();
    }

    @GET
    @Path("notifiers")
    public List<NotifierInfo> list(@Context SecurityContext security) {
        return notifiers.list(AlertsResource.caller(security));
    }

    @POST
    @Path("notifiers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NotifierRequest request, @Context SecurityContext security) {
        NotifierInfo made = notifiers.create(AlertsResource.caller(security), Bodies.required(request).draft());
        return Response.created(URI.create("v1/notifiers/" + made.id())).entity(made).build();
    }

    @GET
    @Path("notifiers/{id}")
    public NotifierInfo get(@PathParam("id") long id, @Context SecurityContext security) {
        return notifiers.get(AlertsResource.caller(security), id);
    }

    @PUT
    @Path("notifiers/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public NotifierInfo update(@PathParam("id") long id, NotifierRequest request, @Context SecurityContext security) {
        return notifiers.update(AlertsResource.caller(security), id, Bodies.required(request).draft());
    }

    @DELETE
    @Path("notifiers/{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        notifiers.delete(AlertsResource.caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("notifiers/{id}/test")
    public Response test(@PathParam("id") long id, @Context SecurityContext security) {
        return Response.accepted(notifiers.test(AlertsResource.caller(security), id)).build();
    }

    @GET
    @Path("notifiers/{id}/deliveries")
    public List<Delivery> deliveries(@PathParam("id") long id, @QueryParam("limit") String limit,
                                     @Context SecurityContext security) {
        return notifiers.deliveries(AlertsResource.caller(security), id,
                QueryParams.intValue("limit", limit, 50, 1, 1000));
    }
}
