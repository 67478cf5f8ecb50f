package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Schedule;
import io.haven.api.service.ScheduleService;
import io.haven.rest.dto.ScheduleRequest;
import java.net.URI;
import java.time.Instant;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** Schedules (guide 4.1). */
@Path("v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    static final int DEFAULT_NEXT_RUNS = 5;
    static final int MAX_NEXT_RUNS = 100;

    private final ScheduleService schedules;

    public SchedulesResource(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @GET
    public List<Schedule> list() {
        return schedules.list(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ScheduleRequest request, @Context UriInfo uri) {
        Schedule created = schedules.create(caller(), Bodies.required(request).toSpec());
        URI location = uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
        return Response.created(location).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Schedule get(@PathParam("id") long id) {
        return schedules.get(caller(), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Schedule update(@PathParam("id") long id, ScheduleRequest request) {
        return schedules.update(caller(), id, Bodies.required(request).toSpec());
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") long id) {
        schedules.delete(caller(), id);
    }

    @GET
    @Path("{id}/next-runs")
    public List<Instant> nextRuns(@PathParam("id") long id, @QueryParam("count") String count) {
        return schedules.nextRuns(caller(), id, QueryParams.intValue("count", count, DEFAULT_NEXT_RUNS, 1, MAX_NEXT_RUNS));
    }
}
