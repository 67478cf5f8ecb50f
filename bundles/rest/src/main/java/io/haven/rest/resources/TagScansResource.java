package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.api.model.TagScanLog;
import io.haven.api.service.TagScanService;
import io.haven.rest.auth.HavenSecurityContext;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** Tag scans (guide 13): scan now and the last scan's log. Core refuses everyone but root. */
@Path("v1/tag-scans")
@Produces(MediaType.APPLICATION_JSON)
public class TagScansResource {

    @Context
    SecurityContext security;

    private final TagScanService tagScans;

    public TagScansResource(TagScanService tagScans) {
        this.tagScans = tagScans;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    /** Scans every account with "Scan Resources" on, now, even when scanning is off; answers when it is done. */
    @POST
    public List<TagScanLog> scanNow() {
        return tagScans.scanNow(caller());
    }

    @GET
    @Path("last")
    public List<TagScanLog> last() {
        return tagScans.lastScans(caller());
    }
}
