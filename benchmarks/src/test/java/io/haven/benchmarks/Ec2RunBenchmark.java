package io.haven.benchmarks;

import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.aws.RateLimitSettings;
import io.haven.target.ec2.Ec2InstanceTargetType;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * Issue 13, goal 3: N EC2 instances (system property {@code instances}, default 100), each with a root and two data
 * volumes, in moto behind {@link AwsBehaviourProxy} enforcing EC2's buckets (CreateSnapshots has its own, 100 and
 * 5 per second, as AWS publishes it among the uncategorized actions) and keeping snapshots pending for
 * {@code pendingSeconds} (default 10), checked every 2 s. Haven's path (the EC2 type's batch start, which
 * describes 200 instances at a time and snapshots each instance with one CreateSnapshots, and its batch poll,
 * through haven-aws with its limiter) beside a bare AWS SDK loop making the minimum calls (one DescribeInstances
 * per 200, a CreateSnapshots per instance, one DescribeSnapshots per 200 snapshots per round) with the same
 * concurrency (one thread, as a policy's run) and the SDK's own retries, each as its own account so that each
 * has full buckets. Haven runs twice with the same type and clients: first with its cache of instance attributes
 * (termination protection, shutdown behaviour: two DescribeInstanceAttribute per instance, kept 24 h) empty,
 * then warm, as every later run within a day. Each Haven run is followed by a bare run and compared with it:
 * moto answers more slowly as snapshots pile up, so neighbours are compared (the bare run finds 3N snapshots
 * more). Prints calls per operation, refusals, time to start and to complete, and, beyond 100 instances, the
 * share of the CreateSnapshots ceiling reached after the burst.
 */
@ExtendWith(MotoExtension.class)
class Ec2RunBenchmark {

    private static final String REGION = "us-east-1";
    private static final int N = Integer.getInteger("instances", 100);
    private static final Duration PENDING = Duration.ofSeconds(Integer.getInteger("pendingSeconds", 10));
    private static final Duration ROUND = Duration.ofSeconds(2);
    /** AWS's CreateSnapshots bucket: the burst, and the seconds an empty one takes to fill again. */
    private static final int BURST = 100;
    private static final Duration REFILL = Duration.ofSeconds(100 / 5);

    record Result(String who, long startMillis, long totalMillis, Map<String, Integer> calls, int throttled,
                  long startEndedNanos, int createParameters) {
        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** CreateSnapshots per second after the burst of 100 over the ceiling of 5; NaN when all fit the burst. */
        double ceilingShare() {
            if (N <= BURST) {
                return Double.NaN;
            }
            double seconds = startMillis / 1000.0;
            return Math.min(1.0, (N - BURST) / Math.max(seconds, 1e-3) / 5.0);
        }
    }

    @Test
    void havenBesideABareSdkLoop(MotoServer moto) throws Exception {
        List<String> instances = instances(moto.endpoint());
        try (AwsBehaviourProxy proxy = new AwsBehaviourProxy(moto.endpoint());
             DefaultAwsClients clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()),
                     RateLimitSettings.defaults())) {
            proxy.snapshotsPendingFor(PENDING);
            CloudContext ctx = clients.context(new AwsIdentity("haven", new Credentials.StaticKeys("haven", "s")), REGION);
            Ec2InstanceTargetType type = new Ec2InstanceTargetType();
            // a second run of an account waits until its CreateSnapshots bucket is full again, as an hourly one would
            Result cold = haven("Haven 1st", proxy, ctx, type, instances, "1");
            Result bare = bare("bare 1st", proxy, instances);
            Result warm = haven("Haven 2nd", proxy, ctx, type, instances, "2", cold);
            Result bareAgain = bare("bare 2nd", proxy, instances, bare);
            print(List.of(cold, bare, warm, bareAgain));
        }
    }

    private Result haven(String who, AwsBehaviourProxy proxy, CloudContext ctx, TargetType type, List<String> instances,
                         String backupId, Result previous) throws InterruptedException {
        untilRefilled(previous);
        return haven(who, proxy, ctx, type, instances, backupId);
    }

    private Result bare(String who, AwsBehaviourProxy proxy, List<String> instances, Result previous)
            throws InterruptedException {
        untilRefilled(previous);
        return bare(who, proxy, instances);
    }

    /** A second run of an account finds its CreateSnapshots bucket full again, as an hourly run would. */
    private static void untilRefilled(Result previous) throws InterruptedException {
        long since = System.nanoTime() - previous.startEndedNanos();
        Thread.sleep(Math.max(0, REFILL.toNanos() - since) / 1_000_000);
    }

    private Result haven(String who, AwsBehaviourProxy proxy, CloudContext ctx, TargetType type, List<String> instances,
                         String backupId) throws InterruptedException {
        proxy.resetCounts();
        BackupRequest request = new BackupRequest(backupId, "bench", "benchmark",
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "bench"));
        long t0 = System.nanoTime();
        List<Artifact> artifacts = RunLoops.startAll(type, ctx, instances.stream()
                .map(i -> new TargetSpec(Ec2InstanceTargetType.ID, REGION, i, Map.of())).toList(), request);
        long started = System.nanoTime();
        if (artifacts.size() != 3 * instances.size()) {
            throw new IllegalStateException("expected 3 snapshots per instance, got " + artifacts.size());
        }
        RunLoops.pollUntilDone(type, ctx, artifacts, ROUND);
        return new Result(who, (started - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                proxy.calls(), proxy.totalThrottled(), started, createParameters(proxy));
    }

    private Result bare(String who, AwsBehaviourProxy proxy, List<String> instances) throws InterruptedException {
        proxy.resetCounts();
        try (Ec2Client ec2 = client(proxy.endpoint(), "bare")) {
            long t0 = System.nanoTime();
            List<String> snapshots = RunLoops.bareSnapshotInstances(ec2, instances, "bare");
            long started = System.nanoTime();
            RunLoops.bareUntilCompleted(ec2, snapshots, ROUND);
            return new Result(who, (started - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                    proxy.calls(), proxy.totalThrottled(), started, createParameters(proxy));
        }
    }

    /** The size of a CreateSnapshots request: its form parameters (tags at creation make most of Haven's). */
    private static int createParameters(AwsBehaviourProxy proxy) {
        List<Map<String, String>> creates = proxy.requests("CreateSnapshots");
        return creates.isEmpty() ? 0 : creates.get(0).size();
    }

    /** N running instances of one registered image, each with a root volume (/dev/sda1) and two data volumes. */
    private static List<String> instances(String motoEndpoint) {
        try (Ec2Client ec2 = client(motoEndpoint, "setup")) {
            String image = ec2.registerImage(b -> b.name("bench-linux").description("benchmark image")).imageId();
            List<String> ids = new ArrayList<>();
            while (ids.size() < N) {
                int count = Math.min(100, N - ids.size());
                ec2.runInstances(b -> b.imageId(image).minCount(count).maxCount(count).instanceType(InstanceType.T3_MICRO)
                                .placement(p -> p.availabilityZone(REGION + "a"))
                                .blockDeviceMappings(mapping("/dev/sda1", 8), mapping("/dev/sdf", 10), mapping("/dev/sdg", 12)))
                        .instances().forEach(i -> ids.add(i.instanceId()));
            }
            return ids;
        }
    }

    private static BlockDeviceMapping mapping(String device, int sizeGiB) {
        return BlockDeviceMapping.builder().deviceName(device).ebs(e -> e.volumeSize(sizeGiB)).build();
    }

    private static Ec2Client client(String endpoint, String key) {
        return RunLoops.client(endpoint, REGION, key);
    }

    private static void print(List<Result> results) {
        System.out.printf("%nEC2 run of %d instances with 3 volumes each, snapshots pending %d s, "
                + "CreateSnapshots bucket 100 / 5 per s%n", N, PENDING.toSeconds());
        System.out.printf("%-10s %9s %9s %8s %9s %10s  %s%n", "", "start s", "total s", "calls", "throttled",
                "of ceiling", "calls per operation");
        for (Result r : results) {
            double share = r.ceilingShare();
            System.out.printf("%-10s %9.1f %9.1f %8d %8.2f%% %10s  %s%n", r.who(), r.startMillis() / 1000.0,
                    r.totalMillis() / 1000.0, r.total(), 100.0 * r.throttled() / Math.max(1, r.total()),
                    Double.isNaN(share) ? "-" : String.format("%.0f%%", 100 * share), r.calls());
        }
        System.out.printf("parameters of a CreateSnapshots request: %s%n", results.stream()
                .map(r -> r.who() + " " + r.createParameters()).toList());
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Result haven = results.get(i);
            Result bare = results.get(i + 1);
            System.out.printf("ratios %s / %s: calls %.2f, start time %.2f, total time %.2f%n", haven.who(), bare.who(),
                    haven.total() / (double) bare.total(), haven.startMillis() / (double) bare.startMillis(),
                    haven.totalMillis() / (double) bare.totalMillis());
        }
    }
}
