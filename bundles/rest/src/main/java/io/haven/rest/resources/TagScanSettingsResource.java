package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.api.model.TagScanSettings;
import io.haven.api.service.TagScanService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.TagScanSettingsRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** Root's settings of tag scanning (guide 13): on or off, and the interval. Core refuses everyone but root. */
@Path("v1/tag-scan-settings")
@Produces(MediaType.APPLICATION_JSON)
public class TagScanSettingsResource {

    @Context
    SecurityContext security;

    private final TagScanService tagScans;

    public TagScanSettingsResource(TagScanService tagScans) {
        this.tagScans = tagScans;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    @GET
    public TagScanSettings settings() {
        return tagScans.settings(caller());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public TagScanSettings update(TagScanSettingsRequest request) {
        return tagScans.updateSettings(caller(), Bodies.required(request).toSettings());
    }
}
