package io.haven.rest.audit;

import io.haven.api.service.AuditService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.auth.UserPrincipal;
import io.haven.rest.problem.Problem;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every change an authenticated caller asks for to the audit log (decision 0023), with how it ended: the event
 * is the method and the operation's path template as in the OpenAPI document, the operation the path as called.
 * Reads are not recorded (the console polls), nor is anything of a body or query, so no secret reaches the log.
 * Refused sign-ins are recorded by core itself.
 */
@Priority(Priorities.USER)
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final AuditService audit;

    public AuditFilter(AuditService audit) {
        this.audit = audit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (READS.contains(request.getMethod())
                || !(request.getSecurityContext().getUserPrincipal() instanceof UserPrincipal)) {
            return;
        }
        String method = request.getMethod();
        try {
            audit.record(HavenSecurityContext.caller(request.getSecurityContext()),
                    method + " " + template(request.getUriInfo()),
                    method + " " + request.getUriInfo().getRequestUri().getRawPath(), outcome(response));
        } catch (RuntimeException e) {
            // The change is done; a failed audit write is logged loudly rather than turned into an error answer.
            LOG.error("Could not record {} {} in the audit log: {}", method, request.getUriInfo().getPath(), e.toString());
        }
    }

    /** The matched template, e.g. {@code /policies/{id}}, relative to the API's root; the path if none matched. */
    private static String template(UriInfo info) {
        if (info instanceof ExtendedUriInfo extended) {
            List<UriTemplate> templates = extended.getMatchedTemplates();
            if (!templates.isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (int i = templates.size() - 1; i >= 0; i--) {
                    String part = templates.get(i).getTemplate();
                    if (!part.isEmpty() && !part.equals("/")) {
                        path.append(part.startsWith("/") ? "" : "/").append(part);
                    }
                }
                String template = path.toString().replace("//", "/");
                // As the OpenAPI document names it: relative to its server, /api/v1
                return template.startsWith("/v1/") ? template.substring(3) : template;
            }
        }
        return "/" + info.getPath();
    }

    private static String outcome(ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400) {
            return AuditService.SUCCEEDED;
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = type == null ? "error" : type.getReasonPhrase().toLowerCase(Locale.ROOT);
        String field = response.getEntity() instanceof Problem problem && problem.field() != null
                ? " (" + problem.field() + ")" : "";
        return "failed: " + status + " " + reason + field;
    }
}
