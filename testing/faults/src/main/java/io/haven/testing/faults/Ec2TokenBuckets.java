package io.haven.testing.faults;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC2's request token buckets as AWS publishes them ("Request throttling for the Amazon EC2 API"): one bucket per
 * account, region and API, of its category's size unless the API is listed on its own; the unfiltered and
 * unpaginated calls of seven describes take from a smaller bucket. Written apart from Haven's own limiter on
 * purpose: this is the emulated AWS, that is the client under test.
 */
public final class Ec2TokenBuckets {

    /** A bucket size: burst and tokens back per second. */
    public record Size(double capacity, double refillPerSecond) {
    }

    private static final Size NON_MUTATING = new Size(100, 20);
    private static final Size UNFILTERED = new Size(50, 10);
    private static final Size MUTATING = new Size(50, 5);
    private static final Set<String> UNFILTERED_DESCRIBES = Set.of("DescribeInstances", "DescribeInstanceStatus",
            "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
            "DescribeVolumes");
    private static final Map<String, Size> OWN = Map.ofEntries(
            Map.entry("CopyImage", new Size(100, 1)),
            Map.entry("CreateSnapshot", new Size(100, 5)),
            Map.entry("CreateSnapshots", new Size(100, 5)),
            Map.entry("CreateTags", new Size(100, 10)),
            Map.entry("CreateVolume", new Size(100, 5)),
            Map.entry("DeleteSnapshot", new Size(100, 5)),
            Map.entry("DeleteTags", new Size(100, 10)),
            Map.entry("DeleteVolume", new Size(100, 5)),
            Map.entry("DeregisterImage", new Size(100, 5)),
            Map.entry("ModifyImageAttribute", new Size(100, 5)),
            Map.entry("ModifySnapshotAttribute", new Size(100, 5)),
            Map.entry("RunInstances", new Size(5, 2)),
            Map.entry("StartInstances", new Size(5, 2)),
            Map.entry("TerminateInstances", new Size(100, 5)));

    private record Key(String account, String region, String bucket) {
    }

    private static final class Bucket {
        private final Size size;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(Size size) {
            this.size = size;
            this.tokens = size.capacity();
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(size.capacity(), tokens + (now - last) * size.refillPerSecond() / 1e9);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Size> overrides = new ConcurrentHashMap<>();
    private volatile boolean enforced = true;

    /** Whether calls are refused when their bucket is empty (on by default). */
    public void enforce(boolean on) {
        this.enforced = on;
    }

    /** Resizes one API's bucket (for tests that need it to run dry quickly); buckets start full again. */
    public void resize(String operation, double capacity, double refillPerSecond) {
        overrides.put(operation, new Size(capacity, refillPerSecond));
        buckets.clear();
    }

    /** Fills every bucket again, as after a long pause. */
    public void refillAll() {
        buckets.clear();
    }

    /** Takes a token for the call; false when AWS would answer RequestLimitExceeded. */
    boolean take(String account, String region, String operation, boolean unfiltered) {
        if (!enforced) {
            return true;
        }
        boolean small = unfiltered && UNFILTERED_DESCRIBES.contains(operation) && !overrides.containsKey(operation);
        Size size = overrides.getOrDefault(operation, small ? UNFILTERED : OWN.getOrDefault(operation,
                nonMutating(operation) ? NON_MUTATING : MUTATING));
        return buckets.computeIfAbsent(new Key(account, region, small ? operation + ":unfiltered" : operation),
                key -> new Bucket(size)).take();
    }

    /** Neither a filter nor pagination in the call's parameters. */
    static boolean unfiltered(String operation, Map<String, String> params) {
        return params.keySet().stream().noneMatch(name -> name.startsWith("Filter.") || name.equals("MaxResults")
                || name.equals("NextToken"));
    }

    private static boolean nonMutating(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Search")
                || operation.startsWith("Get");
    }
}
