package io.haven.aws.internal.limits;

import io.haven.aws.BucketSize;
import io.haven.aws.RateLimitSettings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Haven's token buckets, one per account, region and API bucket, created on first use. Kept across
 * reconfigurations of the clients, so that a new client does not start with full buckets that AWS has not.
 */
public final class RateLimits {

    /** One bucket's place: the account's cache key, the region, the service and the bucket's name. */
    public record Key(String account, String region, String service, String bucket) {
        @Override
        public String toString() {
            return account + "/" + region + "/" + service + ":" + bucket;
        }
    }

    private final ConcurrentMap<Key, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Function<BucketSize, TokenBucket> newBucket;
    private volatile RateLimitSettings settings;
    /** The Haven nodes sharing the accounts' buckets (see {@link #share}). */
    private volatile int nodes = 1;

    public RateLimits(RateLimitSettings settings) {
        this(settings, TokenBucket::new);
    }

    public RateLimits(RateLimitSettings settings, Function<BucketSize, TokenBucket> newBucket) {
        this.settings = settings;
        this.newBucket = newBucket;
    }

    /** New sizes apply to buckets made from now on; buckets whose size changed are made again. */
    public void configure(RateLimitSettings next) {
        this.settings = next;
        dropResized();
    }

    /**
     * Paces for one node's share of each bucket when several Haven nodes call AWS for the same accounts: each bucket's
     * capacity and refill rate divided by the nodes (at least one token and a hundredth of a call a second).
     */
    public void share(int nodes) {
        int next = Math.max(1, nodes);
        if (next != this.nodes) {
            this.nodes = next;
            dropResized();
        }
    }

    private void dropResized() {
        buckets.entrySet().removeIf(e -> !e.getValue().size().equals(sizeOf(e.getKey().service(), e.getKey().bucket(),
                e.getKey().bucket().endsWith(":" + Ec2Buckets.UNFILTERED))));
    }

    /**
     * The bucket a call takes its token from, or null when the call is not paced.
     *
     * @param service    the SDK's service name, such as {@code Ec2}
     * @param operation  the API, such as {@code CreateSnapshot}
     * @param unfiltered whether the call has neither filters nor pagination
     */
    public TokenBucket bucket(String account, String region, String service, String operation, boolean unfiltered) {
        RateLimitSettings current = settings;
        if (!current.enabled() || service == null || operation == null) {
            return null;
        }
        String svc = service.toLowerCase(Locale.ROOT);
        String name = "ec2".equals(svc) ? Ec2Buckets.bucketName(operation, unfiltered) : operation;
        BucketSize size = sizeOf(svc, name, unfiltered);
        if (size == null) {
            return null;
        }
        return buckets.computeIfAbsent(new Key(account, region, svc, name), key -> newBucket.apply(size));
    }

    /** Calls and throttled calls per bucket so far, for benchmarks and the log. */
    public Map<String, long[]> counts() {
        Map<String, long[]> counts = new TreeMap<>();
        buckets.forEach((key, bucket) -> counts.put(key.toString(), new long[] {bucket.calls(), bucket.throttledCalls()}));
        return counts;
    }

    /** The bucket's size for this node: the whole size, divided among the nodes that share it. */
    private BucketSize sizeOf(String service, String bucketName, boolean unfiltered) {
        BucketSize whole = wholeSizeOf(service, bucketName, unfiltered);
        int shares = nodes;
        if (whole == null || shares == 1) {
            return whole;
        }
        return new BucketSize(Math.max(1, whole.capacity() / shares), Math.max(0.01, whole.refillPerSecond() / shares));
    }

    private BucketSize wholeSizeOf(String service, String bucketName, boolean unfiltered) {
        String operation = bucketName.endsWith(":" + Ec2Buckets.UNFILTERED)
                ? bucketName.substring(0, bucketName.length() - Ec2Buckets.UNFILTERED.length() - 1) : bucketName;
        Map<String, BucketSize> overrides = settings.overrides();
        BucketSize own = overrides.get(service + ":" + operation);
        if (own != null) {
            return own;
        }
        if (!"ec2".equals(service)) {
            return null;
        }
        String category = Ec2Buckets.category(operation, unfiltered);
        if (category != null && overrides.containsKey(service + ":" + category)) {
            return overrides.get(service + ":" + category);
        }
        return Ec2Buckets.published(operation, unfiltered);
    }
}
