package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.service.RecoveryService;
import io.haven.api.target.Resource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** A backup's recovery panel (guide 9): what it can be recovered into, starting a recovery, the AMI assistant. */
@Path("v1/backups/{id}/recovery")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryPanelResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    private final RecoveryService recoveries;

    public RecoveryPanelResource(RecoveryService recoveries) {
        this.recoveries = recoveries;
    }

    @GET
    public RecoveryPanel panel(@PathParam("id") long backupId, @QueryParam("region") String region,
                               @QueryParam("drAccountId") String drAccountId,
                               @QueryParam("targetAccountId") String targetAccountId) {
        return recoveries.panel(caller(), backupId, QueryParams.optional("region", region),
                QueryParams.id("drAccountId", drAccountId), QueryParams.id("targetAccountId", targetAccountId));
    }

    /** Checks the choices against AWS, then starts; 400 naming the option when they are not acceptable. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("id") long backupId, RecoveryRequest request, @Context UriInfo uri) {
        Recovery started = recoveries.start(caller(), backupId, Bodies.required(request));
        URI location = uri.getBaseUriBuilder().path(RecoveriesResource.class).path(String.valueOf(started.id())).build();
        return Response.accepted(started).location(location).build();
    }

    /** Read where the search runs (the same query parameters): a DR account's copies may hold the only record. */
    @GET
    @Path("{key}/image")
    public Map<String, String> recordedImage(@PathParam("id") long backupId, @PathParam("key") String key,
                                             @QueryParam("region") String region,
                                             @QueryParam("drAccountId") String drAccountId,
                                             @QueryParam("targetAccountId") String targetAccountId) {
        return recoveries.recordedImage(caller(), backupId, key, QueryParams.optional("region", region),
                QueryParams.id("drAccountId", drAccountId), QueryParams.id("targetAccountId", targetAccountId));
    }

    /** The account searched is the one the recovery runs in: the panel's drAccountId and targetAccountId. */
    @GET
    @Path("{key}/images")
    public List<Resource> searchImages(@PathParam("id") long backupId, @PathParam("key") String key,
                                       @QueryParam("region") String region, @QueryParam("match") String match,
                                       @QueryParam("drAccountId") String drAccountId,
                                       @QueryParam("targetAccountId") String targetAccountId) {
        boolean exactOnly = QueryParams.oneOf("match", match, "similar", List.of("exact", "similar")).equals("exact");
        return recoveries.searchImages(caller(), backupId, key, QueryParams.optional("region", region),
                QueryParams.id("drAccountId", drAccountId), QueryParams.id("targetAccountId", targetAccountId), exactOnly);
    }
}
