package io.haven.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.haven.testing.moto.MotoWorkarounds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of moto that behaves as AWS does where moto does not: it enforces EC2's request token
 * buckets per account, region and API ({@link Ec2TokenBuckets}; a call that finds its bucket empty gets AWS's
 * {@code RequestLimitExceeded}, 503, and is not forwarded), keeps the snapshots made through it {@code pending}
 * for a set time (by rewriting the state and progress in DescribeSnapshots answers), holds snapshot copies to a
 * concurrent limit per destination region ({@link #copiesInFlightAtMost}), and counts every call and
 * every refusal per operation, keeping the calls' parameters for tests that pin call shapes.
 *
 * <p>The account is the {@code x-moto-account-id} header or else the access key of the call's signature; the
 * region is the signature's. Used by the benchmarks and by tests that need throttling or pending states.
 */
public final class AwsBehaviourProxy implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("<snapshotId>(snap-[0-9a-f]+)</snapshotId>");
    private static final Pattern ITEM = Pattern.compile("<item>(?:(?!<item>).)*?<snapshotId>(snap-[0-9a-f]+)</snapshotId>.*?</item>",
            Pattern.DOTALL);
    private static final String EC2_VERSION = "Version=2016-11-15";
    private static final int KEPT_REQUESTS = 20_000;

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final Ec2TokenBuckets buckets = new Ec2TokenBuckets();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    /** Calls per account, then per operation; refusals per account: for runs that share the proxy among accounts. */
    private final Map<String, Map<String, AtomicInteger>> callsByAccount = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttledByAccount = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, String>>> requests = new ConcurrentHashMap<>();
    /** Snapshot id to the time (System.nanoTime) it stops being pending. */
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private volatile long pendingNanos;
    /** Per account and destination region, when each snapshot copy in flight ends (Long.MAX_VALUE: its call is under way). */
    private final Map<String, List<long[]>> copiesInFlight = new HashMap<>();
    private volatile int copyLimit;
    private int mostCopiesInFlight;
    private final AtomicInteger refusedCopies = new AtomicInteger();

    public AwsBehaviourProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread thread = new Thread(r, "aws-behaviour-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The token buckets, to switch off, resize or read. */
    public Ec2TokenBuckets buckets() {
        return buckets;
    }

    /** Snapshots made from now on stay pending for this long (zero: complete at once, as moto has them). */
    public void snapshotsPendingFor(Duration duration) {
        this.pendingNanos = duration.toNanos();
    }

    /**
     * At most this many EBS snapshot copies in flight (pending) per account and destination region, as AWS allows 20:
     * a CopySnapshot over it gets AWS's {@code ResourceLimitExceeded} (400) and is not forwarded. Zero: no limit. Copies
     * stay in flight for {@link #snapshotsPendingFor}.
     */
    public void copiesInFlightAtMost(int limit) {
        this.copyLimit = limit;
    }

    /** The most snapshot copies that were in flight at once in one account and region. */
    public synchronized int mostCopiesInFlight() {
        return mostCopiesInFlight;
    }

    /** CopySnapshot calls refused for the concurrent-copy limit. */
    public int refusedCopies() {
        return refusedCopies.get();
    }

    /** Calls seen per operation, refused ones included, sorted by name. */
    public Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Calls of the operation refused with RequestLimitExceeded. */
    public int throttled(String operation) {
        AtomicInteger count = throttled.get(operation);
        return count == null ? 0 : count.get();
    }

    public int totalThrottled() {
        return throttled.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The calls of one account (moto's header, else the signing access key) per operation, sorted by name. */
    public Map<String, Integer> callsOf(String account) {
        Map<String, Integer> copy = new TreeMap<>();
        callsByAccount.getOrDefault(account, Map.of()).forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    /** One account's calls refused with RequestLimitExceeded. */
    public int throttledOf(String account) {
        AtomicInteger count = throttledByAccount.get(account);
        return count == null ? 0 : count.get();
    }

    /** The form parameters of the operation's calls (query protocols), in arrival order; at most 20,000 kept. */
    public List<Map<String, String>> requests(String operation) {
        List<Map<String, String>> kept = requests.get(operation);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    public void resetCounts() {
        calls.clear();
        throttled.clear();
        callsByAccount.clear();
        throttledByAccount.clear();
        requests.clear();
        refusedCopies.set(0);
        synchronized (this) {
            mostCopiesInFlight = 0;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = MotoWorkarounds.acceptableToMoto(exchange.getRequestBody().readAllBytes());
            String text = new String(body, StandardCharsets.UTF_8);
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = FaultProxy.operation(text, amzTarget);
            String[] caller = caller(exchange);
            calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
            callsByAccount.computeIfAbsent(caller[0], key -> new ConcurrentHashMap<>())
                    .computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
            Map<String, String> params = amzTarget == null ? form(text) : Map.of();
            keep(operation, params);
            if (amzTarget == null && text.contains(EC2_VERSION)) {
                if (!buckets.take(caller[0], caller[1], operation, Ec2TokenBuckets.unfiltered(operation, params))) {
                    throttled.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
                    throttledByAccount.computeIfAbsent(caller[0], key -> new AtomicInteger()).incrementAndGet();
                    FaultProxy.answerError(exchange, Fault.THROTTLE, text, null);
                    return;
                }
            }
            long[] copy = null;
            if (operation.equals("CopySnapshot")) {
                copy = startCopy(caller[0] + "/" + caller[1]);
                if (copy == null) {
                    refusedCopies.incrementAndGet();
                    FaultProxy.write(exchange, 400, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                            + "<Code>ResourceLimitExceeded</Code><Message>Too many snapshot copies in progress. The limit "
                            + "is " + copyLimit + " for this destination region.</Message></Error></Errors>"
                            + "<RequestID>copy-limit</RequestID></Response>").getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = forward(exchange, body);
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (copy != null) {
                    endCall(copy, 0);
                }
                throw e;
            }
            if (copy != null) {
                // a copy made is in flight while it is pending; one refused frees its slot
                endCall(copy, response.statusCode() == 200 ? System.nanoTime() + pendingNanos : 0);
            }
            byte[] answer = response.body();
            if (response.statusCode() == 200 && (operation.startsWith("CreateSnapshot") || operation.equals("CopySnapshot"))) {
                answer = created(answer);
            } else if (response.statusCode() == 200 && operation.equals("DescribeSnapshots")) {
                answer = stillPending(answer);
            }
            response.headers().map().forEach((name, values) -> {
                if (!FaultProxy.HOP_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            FaultProxy.write(exchange, response.statusCode(), answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    /** Takes a slot for a copy in this account and region; null when the limit is reached. */
    private synchronized long[] startCopy(String accountAndRegion) {
        List<long[]> inFlight = copiesInFlight.computeIfAbsent(accountAndRegion, key -> new ArrayList<>());
        long now = System.nanoTime();
        inFlight.removeIf(end -> end[0] <= now);
        if (copyLimit > 0 && inFlight.size() >= copyLimit) {
            return null;
        }
        long[] slot = {Long.MAX_VALUE};
        inFlight.add(slot);
        mostCopiesInFlight = Math.max(mostCopiesInFlight, inFlight.size());
        return slot;
    }

    private synchronized void endCall(long[] slot, long endsAt) {
        slot[0] = endsAt;
    }

    /** Notes when the snapshots of a CreateSnapshot(s) or CopySnapshot answer complete, and answers them as pending. */
    private byte[] created(byte[] answer) {
        if (pendingNanos <= 0) {
            return answer;
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        Matcher m = SNAPSHOT_ID.matcher(text);
        long ready = System.nanoTime() + pendingNanos;
        while (m.find()) {
            readyAt.put(m.group(1), ready);
        }
        return text.replace("<status>completed</status>", "<status>pending</status>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Rewrites the snapshots that are not ready yet as pending, with a progress that grows with time. */
    private byte[] stillPending(byte[] answer) {
        if (readyAt.isEmpty()) {
            return answer;
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        long now = System.nanoTime();
        Matcher m = ITEM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Long ready = readyAt.get(m.group(1));
            String item = m.group();
            if (ready != null && now < ready) {
                long total = Math.max(1, pendingNanos);
                int progress = (int) Math.max(0, Math.min(99, 100 - (ready - now) * 100 / total));
                item = item.replace("<status>completed</status>", "<status>pending</status>")
                        .replaceFirst("<progress>[^<]*</progress>", "<progress>" + progress + "%</progress>");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(item));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void keep(String operation, Map<String, String> params) {
        List<Map<String, String>> kept = requests.computeIfAbsent(operation, key -> Collections.synchronizedList(new ArrayList<>()));
        synchronized (kept) {
            if (kept.size() < KEPT_REQUESTS) {
                kept.add(params);
            }
        }
    }

    /** The caller's account (moto's header, else the signing access key) and region (the signature's). */
    private static String[] caller(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
        boolean signed = m.find();
        String key = signed ? m.group(1) : "anonymous";
        String region = signed ? m.group(2) : "us-east-1";
        String account = exchange.getRequestHeaders().getFirst("x-moto-account-id");
        return new String[] {account != null ? account : key, region};
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!FaultProxy.HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
