package io.haven.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** A small HTTPS client of Haven's REST API, as a script of a user's would be. */
public final class HavenClient {

    static final String PORT_PROPERTY = "haven.it.https.port";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, body as JSON (null when empty) and headers. */
    public record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http;
    private final String authorization;

    /** More headers for every request, such as a browser session's cookie. */
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    /** The HTTPS port of the node this client talks to; null: the one in {@link #PORT_PROPERTY}. */
    private String port;

    private HavenClient(String authorization) {
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().sslContext(trustingSelfSigned()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** This client talks to the node on that HTTPS port from now on (tests of several nodes). */
    public HavenClient at(String httpsPort) {
        this.port = httpsPort;
        return this;
    }

    private String port() {
        return port != null ? port : System.getProperty(PORT_PROPERTY);
    }

    public static HavenClient asRoot(String password) {
        return basic("root", password);
    }

    public static HavenClient basic(String user, String password) {
        return new HavenClient("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static HavenClient bearer(String key) {
        return new HavenClient("Bearer " + key);
    }

    /** A client that sends this Authorization header as it is, as the agent API's callers do (guide 15.2). */
    public static HavenClient raw(String authorization) {
        return new HavenClient(authorization);
    }

    /** GET of a path outside /api/v1, such as /agentapi/get_cpm_alerts/ or /console/; redirects are not followed. */
    public Response getOutsideApi(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://localhost:" + port()
                + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        headers.forEach(builder::header);
        return send(builder.GET());
    }

    /** POST of a form to a path outside /api/v1, as a browser posts one (an identity provider's answer). */
    public Response postFormOutsideApi(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)
                + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://localhost:" + port()
                + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(builder::header);
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static HavenClient anonymous() {
        return new HavenClient(null);
    }

    /** A client that sends a browser session's cookie, and the session's CSRF token when it is not null. */
    public static HavenClient session(String cookie, String csrfToken) {
        HavenClient client = new HavenClient(null);
        client.headers.put("Cookie", "__Host-haven-session=" + cookie);
        if (csrfToken != null) {
            client.headers.put("X-CSRF-Token", csrfToken);
        }
        return client;
    }

    public static String baseUrl() {
        return "https://localhost:" + System.getProperty(PORT_PROPERTY) + "/api/v1";
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(bodyOf(body)));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://localhost:" + port() + "/api/v1" + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? null : parse(body);
            return new Response(response.statusCode(), json, body, response);
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Haven generates a self-signed certificate at first start; the tests accept it. */
    private static SSLContext trustingSelfSigned() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                @Override public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
