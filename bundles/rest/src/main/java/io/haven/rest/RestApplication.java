package io.haven.rest;

import io.haven.rest.audit.AuditFilter;
import io.haven.rest.auth.AuthenticationFilter;
import io.haven.rest.http.BodyLimit;
import io.haven.rest.http.StrictIds;
import io.haven.rest.http.StrictUri;
import io.haven.rest.json.HavenJson;
import io.haven.rest.json.JsonProvider;
import io.haven.rest.problem.BodyTooLargeExceptionMapper;
import io.haven.rest.problem.ConflictExceptionMapper;
import io.haven.rest.problem.ForbiddenExceptionMapper;
import io.haven.rest.problem.HavenExceptionMapper;
import io.haven.rest.problem.JsonBodyExceptionMapper;
import io.haven.rest.problem.MalformedTextExceptionMapper;
import io.haven.rest.problem.NotFoundExceptionMapper;
import io.haven.rest.problem.SecondFactorRequiredExceptionMapper;
import io.haven.rest.problem.TooManySignInsExceptionMapper;
import io.haven.rest.problem.UnexpectedExceptionMapper;
import io.haven.rest.problem.ValidationExceptionMapper;
import io.haven.rest.problem.WebApplicationExceptionMapper;
import io.haven.rest.resources.AccountsResource;
import io.haven.rest.resources.AuditResource;
import io.haven.rest.resources.DashboardResource;
import io.haven.rest.resources.DelegatesResource;
import io.haven.rest.resources.ReportsResource;
import io.haven.rest.resources.UsersResource;
import io.haven.rest.resources.ApiKeysResource;
import io.haven.rest.resources.AlertsKeyResource;
import io.haven.rest.resources.AlertsResource;
import io.haven.rest.resources.NotifiersResource;
import io.haven.rest.resources.BackupsResource;
import io.haven.rest.resources.OpenApiResource;
import io.haven.rest.resources.PasswordResource;
import io.haven.rest.resources.PermissionCheckResource;
import io.haven.rest.resources.PoliciesResource;
import io.haven.rest.resources.RecoveriesResource;
import io.haven.rest.resources.RecoveryPanelResource;
import io.haven.rest.resources.SchedulePreviewResource;
import io.haven.rest.resources.SchedulesResource;
import io.haven.rest.resources.SecondFactorResource;
import io.haven.rest.resources.IdentityProviderResource;
import io.haven.rest.resources.SessionResource;
import io.haven.rest.resources.TagScanSettingsResource;
import io.haven.rest.resources.TagScansResource;
import io.haven.rest.resources.TargetTypesResource;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Builds the Jersey application from instances: the servlet component and the tests run the very same
 * configuration. Nothing is scanned or discovered, so what runs is exactly what is listed here.
 */
public final class RestApplication {

    private RestApplication() {
    }

    public static ResourceConfig resourceConfig(CoreServices services) {
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName("haven-rest");
        // No classpath or META-INF/services discovery: in OSGi it would pick up other bundles' providers.
        config.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        config.property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        // Only JSON is spoken; the XML, image and DataSource writers would need packages Java 17 and Karaf lack.
        config.property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "ALL");
        // WADL needs JAXB, which Java 17 does not have; bean validation is the services' job.
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        // Keep our problem documents: with sendError the servlet container would render its own error page.
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);

        config.register(new JsonProvider(HavenJson.newMapper()));
        // Before authentication, so that nothing reads what these refuse.
        config.register(new BodyLimit());
        config.register(new StrictUri());
        config.register(new StrictIds());
        config.register(new AuthenticationFilter(services.users(), services.sessions()));
        config.register(new AuditFilter(services.audit()));

        config.register(new ValidationExceptionMapper());
        config.register(new NotFoundExceptionMapper());
        config.register(new ForbiddenExceptionMapper());
        config.register(new ConflictExceptionMapper());
        config.register(new TooManySignInsExceptionMapper());
        config.register(new SecondFactorRequiredExceptionMapper());
        config.register(new HavenExceptionMapper());
        config.register(new JsonBodyExceptionMapper());
        config.register(new MalformedTextExceptionMapper());
        config.register(new BodyTooLargeExceptionMapper());
        config.register(new WebApplicationExceptionMapper());
        config.register(new UnexpectedExceptionMapper());

        // Resources are instances, not classes, so that DS hands them our services. (Jersey logs a spurious
        // "does not implement any provider interfaces" warning for resource instances; they work all the same.)
        config.register(new OpenApiResource());
        config.register(new TargetTypesResource(services.accounts()));
        config.register(new AccountsResource(services.accounts(), services.policies()));
        config.register(new PermissionCheckResource(services.permissions()));
        config.register(new TagScansResource(services.tagScans()));
        config.register(new TagScanSettingsResource(services.tagScans()));
        config.register(new SchedulesResource(services.schedules()));
        config.register(new SchedulePreviewResource(services.schedules()));
        config.register(new PoliciesResource(services.policies()));
        config.register(new BackupsResource(services.backups()));
        config.register(new AlertsResource(services.alerts()));
        config.register(new AlertsKeyResource(services.alerts()));
        config.register(new NotifiersResource(services.notifiers()));
        config.register(new RecoveryPanelResource(services.recoveries()));
        config.register(new RecoveriesResource(services.recoveries()));
        config.register(new ApiKeysResource(services.users()));
        config.register(new PasswordResource(services.users()));
        config.register(new SecondFactorResource(services.users()));
        config.register(new UsersResource(services.users()));
        config.register(new DelegatesResource(services.users()));
        config.register(new SessionResource(services.sessions()));
        config.register(new IdentityProviderResource(services.identityProvider()));
        config.register(new AuditResource(services.audit()));
        config.register(new DashboardResource(services.dashboards()));
        config.register(new ReportsResource(services.reports()));
        return config;
    }
}
