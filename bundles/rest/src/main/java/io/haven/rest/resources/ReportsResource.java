package io.haven.rest.resources;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.rest.auth.HavenSecurityContext;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

/**
 * The CSV reports (guide 15.6-15.9) as downloads. Core checks the filters and decides what the caller sees when
 * the report is made, so a bad filter is a 400 before anything is sent; the rows are then written straight from
 * the database cursor to the response.
 */
@Path("v1/reports")
@Produces(ReportsResource.CSV)
public class ReportsResource {

    static final String CSV = "text/csv";

    static final List<String> USAGE_SCOPES = List.of("current", "all");

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private final ReportService reports;

    public ReportsResource(ReportService reports) {
        this.reports = reports;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    @GET
    @Path("backups")
    public Response backups(@QueryParam("userId") String userId, @QueryParam("accountId") String accountId,
                            @QueryParam("policyId") String policyId, @QueryParam("from") String from,
                            @QueryParam("to") String to) {
        return download(reports.backups(caller(), filter(userId, accountId, policyId, from, to)));
    }

    @GET
    @Path("snapshots")
    public Response snapshots(@QueryParam("userId") String userId, @QueryParam("accountId") String accountId,
                              @QueryParam("policyId") String policyId, @QueryParam("from") String from,
                              @QueryParam("to") String to) {
        return download(reports.snapshots(caller(), filter(userId, accountId, policyId, from, to)));
    }

    @GET
    @Path("usage")
    public Response usage(@QueryParam("users") String users) {
        boolean all = QueryParams.oneOf("users", users, "current", USAGE_SCOPES).equals("all");
        return download(reports.usage(caller(), all));
    }

    /**
     * Protected and unprotected resources (guide 15.6) of one account or every account, in the regions named
     * (comma-separated) or those the caller's policies protect.
     */
    @GET
    @Path("resources")
    public Response resources(@QueryParam("accountId") String accountId, @QueryParam("regions") String regions) {
        Long account = QueryParams.id("accountId", accountId);
        String named = QueryParams.optional("regions", regions);
        return download(reports.resources(caller(), account, named == null ? List.of()
                : java.util.Arrays.stream(named.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList()));
    }

    /**
     * The permission summary (guide 14.3) of one account: its permission check as CSV. The check runs before anything
     * is sent, so an account the caller does not see is a 404 and a bad region or refused credentials a 400.
     */
    @GET
    @Path("permissions")
    public Response permissions(@QueryParam("accountId") String accountId, @QueryParam("region") String region) {
        // Each parameter's own form first, so that a bad one is named even when the other is missing.
        String where = QueryParams.optional("region", region);
        Long account = QueryParams.id("accountId", accountId);
        if (account == null) {
            throw new io.haven.api.service.ValidationException("accountId",
                    "Name the account whose permissions to summarise, e.g. ?accountId=1");
        }
        return download(reports.permissions(caller(), account, where));
    }

    /** The audit log as CSV (guide 16.6), as far as the caller may read it. */
    @GET
    @Path("audit")
    public Response audit(@QueryParam("userId") String userId, @QueryParam("from") String from, @QueryParam("to") String to) {
        return download(reports.audit(caller(), QueryParams.id("userId", userId), QueryParams.instant("from", from),
                QueryParams.instant("to", to)));
    }

    private static ReportFilter filter(String userId, String accountId, String policyId, String from, String to) {
        return new ReportFilter(QueryParams.id("userId", userId), QueryParams.id("accountId", accountId),
                QueryParams.id("policyId", policyId), QueryParams.instant("from", from), QueryParams.instant("to", to));
    }

    private static Response download(Report report) {
        StreamingOutput body = report::writeTo;
        return Response.ok(body, Report.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + report.fileName() + "\"")
                .build();
    }
}
