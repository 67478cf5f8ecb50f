package io.haven.rest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.CoreServices;
import io.haven.rest.RestApplication;
import io.haven.rest.auth.AuthenticationFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.SecurityContext;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;

/**
 * Runs requests through the same Jersey application the servlet serves, in memory: no container, no
 * network. Base URI is {@code http://localhost/api/}, as the whiteboard pattern {@code /api/*} gives.
 */
public final class InMemoryApi {

    public static final String BASE = "http://localhost/api/";
    public static final String USER = "alice";
    public static final String PASSWORD = "s3cret-pass";
    public static final String API_KEY = "hvn_test-key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationHandler handler;
    public final FakeAccountService accounts = new FakeAccountService();
    public final FakeScheduleService schedules = new FakeScheduleService();
    public final FakePolicyService policies = new FakePolicyService();
    public final FakeBackupService backups = new FakeBackupService();
    public final FakeAlertService alerts = new FakeAlertService();
    public final FakeRecoveryService recoveries = new FakeRecoveryService();
    public final FakeNotifierService notifiers = new FakeNotifierService();
    public final FakeUserService users = new FakeUserService(USER, PASSWORD, API_KEY);
    public final FakePermissionCheckService permissions = new FakePermissionCheckService(accounts);
    public final FakeSessionService sessions = new FakeSessionService(users);
    public final FakeAuditService audit = new FakeAuditService();
    public final FakeDashboardService dashboards = new FakeDashboardService();
    public final FakeTagScanService tagScans = new FakeTagScanService();
    public final FakeReportService reports = new FakeReportService();
    public final FakeIdentityProviderService identityProvider = new FakeIdentityProviderService();

    public InMemoryApi() {
        handler = new ApplicationHandler(RestApplication.resourceConfig(services()));
    }

    /** The application over other services (the real core ones, for instance); the fakes are then unused. */
    public InMemoryApi(CoreServices services) {
        handler = new ApplicationHandler(RestApplication.resourceConfig(services));
    }

    public CoreServices services() {
        return new CoreServices(accounts, schedules, policies, backups, users, alerts, recoveries, permissions,
                notifiers, sessions, audit, dashboards, tagScans, reports, identityProvider);
    }

    /** A request as user {@link #USER} with HTTP Basic. */
    public Request call(String method, String path) {
        return anonymous(method, path).basic(USER, PASSWORD);
    }

    public Request anonymous(String method, String path) {
        return new Request(method, path);
    }

    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private String clientAddress;

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request basic(String user, String password) {
            String pair = user + ":" + password;
            return header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        public Request bearer(String key) {
            return header("Authorization", "Bearer " + key);
        }

        /** The client's address, as the servlet hands it to the filter. */
        public Request from(String address) {
            clientAddress = address;
            return this;
        }

        /** The browser session's cookie, as a browser sends it. */
        public Request session(String token) {
            return header("Cookie", "__Host-haven-session=" + token);
        }

        public Request noAuth() {
            headers.remove("Authorization");
            return this;
        }

        /** A JSON body; single quotes stand for double quotes to keep tests readable. */
        public Request json(String text) {
            return body("application/json", text.replace('\'', '"'));
        }

        public Request body(String contentType, String text) {
            return bytes(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A body as raw bytes, which need not be valid UTF-8; sent without Content-Length, as when chunked. */
        public Request bytes(String contentType, byte[] raw) {
            header("Content-Type", contentType);
            body = raw;
            return this;
        }

        public Reply send() {
            ContainerRequest request = new ContainerRequest(URI.create(BASE), URI.create(BASE + path), method,
                    ANONYMOUS, new MapPropertiesDelegate(), handler.getConfiguration());
            headers.forEach(request::header);
            if (clientAddress != null) {
                request.setProperty(AuthenticationFilter.CLIENT_ADDRESS, clientAddress);
            }
            if (body != null) {
                request.setEntityStream(new ByteArrayInputStream(body));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ContainerResponse response = handler.apply(request, out).get(10, TimeUnit.SECONDS);
                return new Reply(response.getStatus(), response.getStringHeaders(), out.toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException("Request did not complete", e);
            }
        }
    }

    /** What came back: status, headers and the body, parsed as JSON on demand. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> String.join(",", h.getValue())).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }
    }

    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return true;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    };
}
