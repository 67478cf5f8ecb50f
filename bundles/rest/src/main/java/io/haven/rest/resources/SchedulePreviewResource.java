package io.haven.rest.resources;

import io.haven.api.service.ScheduleService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.ScheduleRequest;
import java.time.Instant;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * The next five run times of a schedule as a form holds it, before it is saved (the console's live preview).
 * What {@code POST /schedules} would refuse is refused the same way; nothing is stored. A path of its own,
 * so that it never meets the schedules' ids.
 */
@Path("v1/schedule-preview")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulePreviewResource {

    @Context
    SecurityContext security;

    private final ScheduleService schedules;

    public SchedulePreviewResource(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Instant> preview(ScheduleRequest request) {
        return schedules.preview(HavenSecurityContext.caller(security), Bodies.required(request).toSpec(), SchedulesResource.DEFAULT_NEXT_RUNS);
    }
}
