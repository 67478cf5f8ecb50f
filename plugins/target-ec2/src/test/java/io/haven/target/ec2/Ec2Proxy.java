package io.haven.target.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.haven.testing.moto.MotoWorkarounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A loopback endpoint in front of moto for EC2 Query calls (the SDK's endpoint override points
 * here). It forwards every call and
 * <ul>
 *   <li>records each call's parameters, so that tests can check what moto ignores (NoReboot,
 *       BlockDeviceMappings, snapshot TagSpecifications);</li>
 *   <li>answers chosen calls with an EC2 error, before forwarding them or after (the call took
 *       effect but the client saw an error);</li>
 *   <li>rewrites chosen responses (states that moto never reports, such as a pending AMI);</li>
 *   <li>drops CreateImage's snapshot TagSpecification before forwarding, because moto answers it with
 *       HTTP 500 (NotImplementedError); the recorded call keeps it.</li>
 * </ul>
 */
final class Ec2Proxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private record Fault(String action, String code, boolean afterForwarding, int status) {
    }

    private final String moto;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final Map<String, UnaryOperator<String>> rewrites = new ConcurrentHashMap<>();

    Ec2Proxy(String motoEndpoint) {
        this.moto = motoEndpoint;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The parameters of every call of the action so far, oldest first. */
    List<Map<String, String>> calls(String action) {
        return calls.stream().filter(call -> action.equals(call.get("Action"))).toList();
    }

    /** Answers the next {@code times} calls of the action with the EC2 error code, without forwarding them. */
    void failNext(String action, String code, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(action, code, false, 400));
        }
    }

    /** Forwards the next call of the action (it takes effect in moto) but answers it with the EC2 error code. */
    void failAfterForwarding(String action, String code) {
        faults.add(new Fault(action, code, true, 400));
    }

    /** Forwards the next call of the action (it takes effect in moto) and answers it with a 500: a lost answer. */
    void loseNextAnswer(String action) {
        faults.add(new Fault(action, "InternalError", true, 500));
    }

    /** Passes every response body of the action through the function until {@link #reset()}. */
    void rewrite(String action, UnaryOperator<String> body) {
        rewrites.put(action, body);
    }

    /** Forgets recorded calls, pending faults and rewrites. */
    void reset() {
        calls.clear();
        faults.clear();
        rewrites.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> params = parse(new String(body, StandardCharsets.UTF_8));
            String action = params.getOrDefault("Action", "");
            calls.add(Map.copyOf(params));
            Fault fault = takeFault(action);
            if (fault != null && !fault.afterForwarding()) {
                sendError(exchange, fault.code(), fault.status());
                return;
            }
            if ("CreateImage".equals(action)) {
                body = encode(MotoWorkarounds.withoutSnapshotTagSpecifications(params)).getBytes(StandardCharsets.UTF_8);
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (fault != null) {
                sendError(exchange, fault.code(), fault.status());
                return;
            }
            byte[] answer = response.body();
            UnaryOperator<String> rewrite = rewrites.get(action);
            if (rewrite != null && response.statusCode() == 200) {
                answer = rewrite.apply(new String(answer, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        } finally {
            exchange.close();
        }
    }

    private synchronized Fault takeFault(String action) {
        for (Fault fault : faults) {
            if (fault.action().equals(action)) {
                faults.remove(fault);
                return fault;
            }
        }
        return null;
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = URI.create(moto + exchange.getRequestURI());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        }
    }

    private static void sendError(HttpExchange exchange, String code, int status) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                + "</Code><Message>Injected by the test proxy</Message></Error></Errors>"
                + "<RequestID>proxy-request</RequestID></Response>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, xml.length);
        exchange.getResponseBody().write(xml);
    }

    static Map<String, String> parse(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The tags of one TagSpecification of a recorded call, by resource type, as key to value. */
    static Map<String, String> tagSpecification(Map<String, String> call, String resourceType) {
        for (int spec = 1; call.containsKey("TagSpecification." + spec + ".ResourceType"); spec++) {
            if (resourceType.equals(call.get("TagSpecification." + spec + ".ResourceType"))) {
                Map<String, String> tags = new LinkedHashMap<>();
                for (int tag = 1; call.containsKey("TagSpecification." + spec + ".Tag." + tag + ".Key"); tag++) {
                    tags.put(call.get("TagSpecification." + spec + ".Tag." + tag + ".Key"),
                            call.get("TagSpecification." + spec + ".Tag." + tag + ".Value"));
                }
                return tags;
            }
        }
        return Map.of();
    }

    /** The BlockDeviceMapping entries of a recorded CreateImage call: device name to its other fields. */
    static Map<String, Map<String, String>> blockDeviceMappings(Map<String, String> call) {
        Map<String, Map<String, String>> mappings = new LinkedHashMap<>();
        for (int i = 1; call.containsKey("BlockDeviceMapping." + i + ".DeviceName"); i++) {
            String prefix = "BlockDeviceMapping." + i + ".";
            Map<String, String> fields = new LinkedHashMap<>();
            call.forEach((key, value) -> {
                if (key.startsWith(prefix) && !key.equals(prefix + "DeviceName")) {
                    fields.put(key.substring(prefix.length()), value);
                }
            });
            mappings.put(call.get(prefix + "DeviceName"), fields);
        }
        return mappings;
    }
}
