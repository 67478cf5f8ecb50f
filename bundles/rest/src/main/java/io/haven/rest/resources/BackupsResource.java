package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.model.ScriptRun;
import io.haven.api.service.BackupService;
import io.haven.rest.dto.FreezeRequest;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * Backup records: the paged list (also of the freezer), one backup, its snapshots (artifacts), its log
 * and script runs; moving a backup to the freezer and deleting it.
 */
@Path("v1/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    static final List<String> SORT_FIELDS = List.of("started", "ended", "status", "policyId");
    static final List<String> ORDERS = List.of("asc", "desc");
    static final int DEFAULT_SIZE = 50;

    private final BackupService backups;

    public BackupsResource(BackupService backups) {
        this.backups = backups;
    }

    /** A page of backups, by number or after a cursor; the page's next cursor is in its body (decision 0035). */
    @GET
    public Page<Backup> list(@QueryParam("policyId") String policyId, @QueryParam("status") String status,
                             @QueryParam("sort") String sort, @QueryParam("order") String order,
                             @QueryParam("page") String page, @QueryParam("size") String size,
                             @QueryParam("frozen") String frozen, @QueryParam("q") String text,
                             @QueryParam("cursor") String cursor) {
        BackupQuery query = new BackupQuery(
                QueryParams.id("policyId", policyId),
                QueryParams.enumValue("status", status, BackupStatus.class),
                QueryParams.oneOf("sort", sort, "started", SORT_FIELDS),
                QueryParams.oneOf("order", order, "desc", ORDERS).equals("desc"),
                QueryParams.intValue("page", page, 0, 0, BackupQuery.MAX_PAGE),
                QueryParams.intValue("size", size, DEFAULT_SIZE, 1, BackupQuery.MAX_SIZE),
                frozen == null ? null : QueryParams.oneOf("frozen", frozen, "false", List.of("true", "false")).equals("true"),
                QueryParams.optional("q", text),
                // Opaque and checked by core as given, neither trimmed nor judged here (decision 0035)
                cursor);
        return backups.list(caller(), query);
    }

    @GET
    @Path("{id}")
    public Backup get(@PathParam("id") long id) {
        return backups.get(caller(), id);
    }

    @GET
    @Path("{id}/snapshots")
    public List<BackupArtifact> snapshots(@PathParam("id") long id) {
        return backups.artifacts(caller(), id);
    }

    /** The backup's disaster-recovery copies in other regions (guide 10). */
    @GET
    @Path("{id}/dr-copies")
    public List<io.haven.api.model.DrCopy> drCopies(@PathParam("id") long id) {
        return backups.drCopies(caller(), id);
    }

    @GET
    @Path("{id}/log")
    public List<LogEntry> log(@PathParam("id") long id) {
        return backups.log(caller(), id);
    }

    @GET
    @Path("{id}/scripts")
    public List<ScriptRun> scripts(@PathParam("id") long id) {
        return backups.scripts(caller(), id);
    }

    /** Moves the backup to the freezer, or renames it there (guide 8.3). */
    @POST
    @Path("{id}/freeze")
    @Consumes(MediaType.APPLICATION_JSON)
    public Backup freeze(@PathParam("id") long id, FreezeRequest request) {
        FreezeRequest body = Bodies.required(request);
        return backups.freeze(caller(), id, body.name(), body.description());
    }

    /** Deletes the backup's snapshots now, frozen or not; the record stays, marked deleted. */
    @DELETE
    @Path("{id}")
    public Backup delete(@PathParam("id") long id) {
        return backups.delete(caller(), id);
    }
}
