package io.haven.rest.resources;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** Backup records: the paged list, one backup, its snapshots (artifacts) and its log. */
@Path("v1/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {

    static final List<String> SORT_FIELDS = List.of("started", "ended", "status", "policyId");
    static final List<String> ORDERS = List.of("asc", "desc");
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private final BackupService backups;

    public BackupsResource(BackupService backups) {
        this.backups = backups;
    }

    @GET
    public Page<Backup> list(@QueryParam("policyId") String policyId, @QueryParam("status") String status,
                             @QueryParam("sort") String sort, @QueryParam("order") String order,
                             @QueryParam("page") String page, @QueryParam("size") String size) {
        BackupQuery query = new BackupQuery(
                QueryParams.longValue("policyId", policyId),
                QueryParams.enumValue("status", status, BackupStatus.class),
                QueryParams.oneOf("sort", sort, "started", SORT_FIELDS),
                QueryParams.oneOf("order", order, "desc", ORDERS).equals("desc"),
                QueryParams.intValue("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParams.intValue("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
        return backups.list(query);
    }

    @GET
    @Path("{id}")
    public Backup get(@PathParam("id") long id) {
        return backups.get(id);
    }

    @GET
    @Path("{id}/snapshots")
    public List<BackupArtifact> snapshots(@PathParam("id") long id) {
        return backups.artifacts(id);
    }

    @GET
    @Path("{id}/log")
    public List<LogEntry> log(@PathParam("id") long id) {
        return backups.log(id);
    }
}
