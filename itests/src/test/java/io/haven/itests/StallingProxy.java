package io.haven.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault-injecting HTTP proxy in front of moto. moto completes every snapshot at once; while
 * {@link #stall(boolean)} is on, this proxy reports every snapshot as still pending, so that a test can
 * stop Haven while a run waits for its snapshots.
 *
 * <p>It also drops the snapshot TagSpecification of CreateImage, which AWS accepts and moto answers with
 * a 500 (MOTO.md); the image's own tags, which Haven relies on, pass.
 */
final class StallingProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final AtomicBoolean stalling = new AtomicBoolean();

    StallingProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stall(boolean on) {
        stalling.set(on);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = withoutSnapshotTagsOnCreateImage(exchange.getRequestBody().readAllBytes());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = response.body();
            String text = new String(body, StandardCharsets.UTF_8);
            if (stalling.get() && text.contains("Action=DescribeSnapshots")) {
                answer = new String(answer, StandardCharsets.UTF_8)
                        .replace("<status>completed</status>", "<status>pending</status>")
                        .getBytes(StandardCharsets.UTF_8);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    /** The request body without CreateImage's snapshot TagSpecification, the others renumbered from 1. */
    static byte[] withoutSnapshotTagsOnCreateImage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("Action=CreateImage") || !text.contains("=snapshot")) {
            return body;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        List<String> kept = new ArrayList<>();
        for (int spec = 1; params.containsKey("TagSpecification." + spec + ".ResourceType"); spec++) {
            if (!"snapshot".equals(params.get("TagSpecification." + spec + ".ResourceType"))) {
                kept.add(String.valueOf(spec));
            }
        }
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            Matcher m = TAG_SPEC.matcher(key);
            String name = key;
            if (m.matches()) {
                int index = kept.indexOf(m.group(1));
                if (index < 0) {
                    return;
                }
                name = "TagSpecification." + (index + 1) + "." + m.group(2);
            }
            out.append(out.length() == 0 ? "" : "&").append(name).append('=').append(value);
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern TAG_SPEC = Pattern.compile("TagSpecification\\.(\\d+)\\.(.*)");

    @Override
    public void close() {
        server.stop(0);
    }
}
