package io.haven.testing.faults;

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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of moto that fails AWS calls as a flaky network and a busy AWS would:
 * {@link Fault#THROTTLE throttling}, {@link Fault#ERROR 5xx} and {@link Fault#LOST lost answers} (the call
 * is executed by moto, the client sees a 500). Faults are injected either at fixed rates drawn from a
 * seeded random source ({@link #rates}), or queued for the next calls of one operation ({@link #next}), on
 * the calls whose operation name (the query {@code Action}, or the JSON protocols' {@code X-Amz-Target}
 * suffix) the chosen filter accepts. Every call reaching the proxy is counted per operation, faulted or not.
 *
 * <p>Errors are written in the caller's protocol: EC2's {@code <Response><Errors>}, the query services'
 * {@code <ErrorResponse>} (RDS, Redshift) and JSON {@code __type} (DynamoDB). CreateImage requests are made
 * acceptable to moto on the way ({@link MotoWorkarounds}).
 */
public final class FaultProxy implements AutoCloseable {

    static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade");
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");
    private static final String EC2_VERSION = "Version=2016-11-15";

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final Map<String, Deque<Fault>> queued = new ConcurrentHashMap<>();
    private volatile Rates rates = Rates.NONE;

    /** Fault rates, each between 0 and 1, applied to the operations that {@code applies} accepts. */
    public record Rates(double throttle, double error, double lost, Predicate<String> applies, Random random) {
        static final Rates NONE = new Rates(0, 0, 0, operation -> false, new Random(0));

        synchronized Fault draw(String operation) {
            if (!applies.test(operation)) {
                return null;
            }
            double x = random.nextDouble();
            if (x < throttle) {
                return Fault.THROTTLE;
            }
            if (x < throttle + error) {
                return Fault.ERROR;
            }
            return x < throttle + error + lost ? Fault.LOST : null;
        }
    }

    public FaultProxy(String target) throws IOException {
        this.target = target;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // callers make calls from several threads; one thread here would serialise them
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Injects faults at these rates from now on, drawn from a random source seeded with {@code seed}. */
    public void rates(double throttle, double error, double lost, long seed, Predicate<String> applies) {
        this.rates = new Rates(throttle, error, lost, applies, new Random(seed));
    }

    /** Stops injecting faults at rates; queued faults stay. */
    public void noFaults() {
        this.rates = Rates.NONE;
    }

    /** The next calls of the operation get these faults, in order; later calls pass. */
    public void next(String operation, Fault... faults) {
        Deque<Fault> queue = queued.computeIfAbsent(operation, key -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(java.util.List.of(faults));
        }
    }

    /** Calls seen per operation since the last {@link #resetCounts}, sorted by name. */
    public Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** How many faults of the kind were injected since the last {@link #resetCounts}. */
    public int injected(Fault fault) {
        return injected.get(fault).get();
    }

    public void resetCounts() {
        calls.clear();
        injected.values().forEach(count -> count.set(0));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = MotoWorkarounds.acceptableToMoto(exchange.getRequestBody().readAllBytes());
            String text = new String(body, StandardCharsets.UTF_8);
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = operation(text, amzTarget);
            calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
            Fault fault = fault(operation);
            if (fault != null) {
                injected.get(fault).incrementAndGet();
            }
            if (fault == Fault.THROTTLE || fault == Fault.ERROR) {
                answerError(exchange, fault, text, amzTarget);
                return;
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (fault == Fault.LOST) {
                answerError(exchange, Fault.ERROR, text, amzTarget);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            write(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private Fault fault(String operation) {
        Deque<Fault> queue = queued.get(operation);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.poll();
                }
            }
        }
        return rates.draw(operation);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String operation(String body, String amzTarget) {
        if (amzTarget != null) {
            int dot = amzTarget.lastIndexOf('.');
            return dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
        }
        Matcher m = ACTION.matcher(body);
        return m.find() ? m.group(1) : "unknown";
    }

    static void answerError(HttpExchange exchange, Fault fault, String body, String amzTarget) throws IOException {
        boolean throttle = fault == Fault.THROTTLE;
        String answer;
        int status;
        if (amzTarget != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            status = throttle ? 400 : 500;
            answer = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + (throttle ? "ThrottlingException" : "InternalServerError")
                    + "\",\"message\":\"" + (throttle ? "Rate exceeded" : "Internal server error (injected)") + "\"}";
        } else if (body.contains(EC2_VERSION)) {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            status = throttle ? 503 : 500;
            answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>"
                    + (throttle ? "RequestLimitExceeded" : "InternalError") + "</Code><Message>"
                    + (throttle ? "Request limit exceeded." : "An internal error has occurred (injected).")
                    + "</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>";
        } else {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            status = throttle ? 400 : 500;
            answer = "<ErrorResponse><Error><Type>" + (throttle ? "Sender" : "Receiver") + "</Type><Code>"
                    + (throttle ? "Throttling" : "InternalFailure") + "</Code><Message>"
                    + (throttle ? "Rate exceeded" : "Internal failure (injected)")
                    + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
        }
        write(exchange, status, answer.getBytes(StandardCharsets.UTF_8));
    }

    static void write(HttpExchange exchange, int status, byte[] answer) throws IOException {
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
