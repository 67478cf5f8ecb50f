package io.haven.rest;

import io.haven.api.permission.PermissionCheckService;
import io.haven.api.report.ReportService;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.AccountService;
import io.haven.api.service.AlertService;
import io.haven.api.service.AuditService;
import io.haven.api.service.DashboardService;
import io.haven.api.service.NotifierService;
import io.haven.api.service.BackupService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.SessionService;
import io.haven.api.service.TagScanService;
import io.haven.api.service.UserService;
import io.haven.rest.auth.AuthenticationFilter;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Haven's REST API as a servlet on the HTTP whiteboard: Jersey serves {@code /api/*}, the resources live
 * under {@code /api/v1}. The core services are static references, so the servlet is replaced, not
 * patched, when one of them changes.
 */
@Component(service = Servlet.class, property = {
        RestServlet.PATTERN_PROPERTY + "=" + RestServlet.PATTERN,
        "osgi.http.whiteboard.servlet.name=haven-rest"})
public class RestServlet extends ServletContainer {

    static final String PATTERN_PROPERTY = "osgi.http.whiteboard.servlet.pattern";
    static final String PATTERN = "/api/*";
    private static final long serialVersionUID = 1L;

    @Activate
    public RestServlet(@Reference(name = "accounts") AccountService accounts,
                       @Reference(name = "schedules") ScheduleService schedules,
                       @Reference(name = "policies") PolicyService policies,
                       @Reference(name = "backups") BackupService backups,
                       @Reference(name = "users") UserService users,
                       @Reference(name = "alerts") AlertService alerts,
                       @Reference(name = "recoveries") RecoveryService recoveries,
                       @Reference(name = "permissions") PermissionCheckService permissions,
                       @Reference(name = "notifiers") NotifierService notifiers,
                       @Reference(name = "sessions") SessionService sessions,
                       @Reference(name = "audit") AuditService audit,
                       @Reference(name = "dashboards") DashboardService dashboards,
                       @Reference(name = "tagScans") TagScanService tagScans,
                       @Reference(name = "reports") ReportService reports,
                       @Reference(name = "identityProvider") IdentityProviderService identityProvider) {
        super(RestApplication.resourceConfig(new CoreServices(accounts, schedules, policies, backups, users, alerts,
                recoveries, permissions, notifiers, sessions, audit, dashboards, tagScans, reports, identityProvider)));
    }

    /** Hands the client's address to the authentication filter (a request attribute is a Jersey request property). */
    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        request.setAttribute(AuthenticationFilter.CLIENT_ADDRESS, request.getRemoteAddr());
        super.service(request, response);
    }
}
