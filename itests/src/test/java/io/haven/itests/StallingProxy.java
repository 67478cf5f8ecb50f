package io.haven.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.haven.testing.moto.MotoWorkarounds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting HTTP proxy in front of moto. moto completes every snapshot at once; while
 * {@link #stall(boolean)} is on, this proxy reports every snapshot as still pending, so that a test can
 * stop Haven while a run waits for its snapshots.
 *
 * <p>It can hold one CreateSnapshot call until released ({@link #holdCreateSnapshotAfter}), so that a test can
 * kill Haven while it starts a policy's targets.
 *
 * <p>It also drops the snapshot TagSpecification of CreateImage, which AWS accepts and moto answers with
 * a 500 (MOTO.md); the image's own tags, which Haven relies on, pass.
 */
final class StallingProxy implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/,\\s]+/[^/]+/([^/]+)/");
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    /** The regions whose snapshots are reported pending: all, none, or some (a DR region's copies). */
    private volatile Predicate<String> stalling = region -> false;
    /** CreateSnapshot calls still to pass before one is held; negative: none is held. */
    private final AtomicInteger passBeforeHold = new AtomicInteger(-1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    /** The bodies of the calls that passed, for counting one action's calls with their parameters. */
    private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        stalling = region -> on;
    }

    /** Reports the snapshots of these regions only (the call's signing region) as pending. */
    void stallOnly(String... regions) {
        Set<String> stalled = Set.of(regions);
        stalling = stalled::contains;
    }

    /**
     * Lets the next {@code pass} CreateSnapshot calls through and holds the one after until {@link #release()}:
     * the caller waits for the answer meanwhile, as if AWS were slow, and can be killed while it waits.
     */
    void holdCreateSnapshotAfter(int pass) {
        passBeforeHold.set(pass);
    }

    /** The bodies of the calls of one action ({@code CopySnapshot}) that passed, in order. */
    java.util.List<String> requests(String action) {
        return requests.stream().filter(body -> body.contains("Action=" + action + "&") || body.endsWith("Action="
                + action)).toList();
    }

    /** Whether a CreateSnapshot call is being held. */
    boolean holding() {
        return held.getCount() == 0 && released.getCount() == 1;
    }

    /** Forwards the held call to moto, which makes the snapshot; its answer goes to whoever still listens. */
    void release() {
        released.countDown();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = MotoWorkarounds.acceptableToMoto(exchange.getRequestBody().readAllBytes());
            requests.add(new String(body, StandardCharsets.UTF_8));
            if (new String(body, StandardCharsets.UTF_8).contains("Action=CreateSnapshot")
                    && passBeforeHold.get() >= 0 && passBeforeHold.getAndDecrement() == 0) {
                held.countDown();
                released.await();
            }
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
            if (text.contains("Action=DescribeSnapshots") && stalling.test(regionOf(exchange))) {
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

    /** The region of the call's SigV4 credential scope ({@code Credential=key/date/region/service/aws4_request}). */
    private static String regionOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher scope = authorization == null ? null : CREDENTIAL.matcher(authorization);
        return scope != null && scope.find() ? scope.group(1) : "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
