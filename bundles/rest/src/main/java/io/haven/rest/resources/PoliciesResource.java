package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicyTarget;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.PolicyService;
import io.haven.api.target.TargetSpec;
import io.haven.rest.dto.TargetBatch;
import io.haven.rest.dto.TargetOptionsRequest;
import io.haven.rest.dto.PolicyDeleted;
import io.haven.rest.dto.PolicyRequest;
import io.haven.rest.dto.RunAccepted;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** Backup policies, their targets, and starting a run by hand (guide 4.2). */
@Path("v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PoliciesResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    private final PolicyService policies;

    public PoliciesResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    public List<Policy> list() {
        return policies.list(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(PolicyRequest request, @Context UriInfo uri) {
        Policy created = policies.create(caller(), Bodies.required(request).toSpec());
        URI location = uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
        return Response.created(location).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Policy get(@PathParam("id") long id) {
        return policies.get(caller(), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Policy update(@PathParam("id") long id, PolicyRequest request) {
        return policies.update(caller(), id, Bodies.required(request).toSpec());
    }

    /**
     * Deletes the policy. When it has backups outside the freezer, {@code deleteBackups=true} must say that
     * they and their snapshots go too; without it the answer is 409 and nothing changes.
     */
    @DELETE
    @Path("{id}")
    public PolicyDeleted delete(@PathParam("id") long id, @QueryParam("deleteBackups") String deleteBackups) {
        boolean consent = QueryParams.oneOf("deleteBackups", deleteBackups, "false", List.of("true", "false"))
                .equals("true");
        return new PolicyDeleted(id, policies.delete(caller(), id, consent));
    }

    @GET
    @Path("{id}/targets")
    public List<PolicyTarget> targets(@PathParam("id") long id) {
        return policies.targets(caller(), id);
    }

    @POST
    @Path("{id}/targets")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addTarget(@PathParam("id") long id, TargetSpec target, @Context UriInfo uri) {
        PolicyTarget created = policies.addTarget(caller(), id, Bodies.required(target));
        URI location = uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
        return Response.created(location).entity(created).build();
    }

    /** Several targets at once, all or none (the console's picker); 201 with what was added. */
    @POST
    @Path("{id}/target-batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addTargets(@PathParam("id") long id, TargetBatch batch) {
        List<PolicyTarget> added = policies.addTargets(caller(), id, Bodies.required(batch).targets());
        return Response.status(Response.Status.CREATED).entity(added).build();
    }

    /** The service has no single-target lookup; a policy has few targets, so filter its list. */
    @GET
    @Path("{id}/targets/{targetId}")
    public PolicyTarget target(@PathParam("id") long id, @PathParam("targetId") long targetId) {
        return policies.targets(caller(), id).stream().filter(t -> t.id() == targetId).findFirst()
                .orElseThrow(() -> new NotFoundException("Target", targetId));
    }

    /** Replaces the target's options, checked by its type as at add (core's rule); 200 with the target as stored. */
    @PUT
    @Path("{id}/targets/{targetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PolicyTarget updateTarget(@PathParam("id") long id, @PathParam("targetId") long targetId,
                                     TargetOptionsRequest request) {
        return policies.updateTargetOptions(caller(), id, targetId, Bodies.required(request).value());
    }

    @DELETE
    @Path("{id}/targets/{targetId}")
    public Response removeTarget(@PathParam("id") long id, @PathParam("targetId") long targetId) {
        // 204 as ever; 200 with the warnings when the resource's cpm backup tag contradicts the removal (guide 13).
        List<io.haven.api.model.TagWarning> warnings = policies.removeTargetWithWarnings(caller(), id, targetId);
        return warnings.isEmpty() ? Response.noContent().build()
                : Response.ok(new io.haven.rest.dto.TargetRemoved(warnings)).build();
    }

    @POST
    @Path("{id}/run")
    public Response run(@PathParam("id") long id, @Context UriInfo uri) {
        long backupId = policies.runNow(caller(), id);
        URI location = uri.getBaseUriBuilder().path(BackupsResource.class).path(String.valueOf(backupId)).build();
        return Response.accepted(new RunAccepted(backupId)).location(location).build();
    }
}
