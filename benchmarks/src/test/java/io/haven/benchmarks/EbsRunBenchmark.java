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
import io.haven.target.ebs.EbsVolumeTargetType;
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
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Issue 13, goals 2 and 3: N EBS volumes (system property {@code volumes}, default 300) in moto behind
 * {@link AwsBehaviourProxy} enforcing EC2's buckets (CreateSnapshot 100 and 5 per second) and keeping snapshots
 * pending for {@code pendingSeconds} (default 20). Haven's path (the EBS type's batch start and batch poll,
 * through haven-aws with its limiter) beside a bare AWS SDK loop making the minimum calls (one DescribeVolumes
 * per 200, a CreateSnapshot per volume, one DescribeSnapshots per 200 per round) with the same concurrency (one
 * thread, as a policy's run) and the SDK's own retries, each as its own account so that each has full buckets.
 * Prints calls, refusals, time and the share of the CreateSnapshot ceiling reached after the burst.
 */
@ExtendWith(MotoExtension.class)
class EbsRunBenchmark {

    private static final String REGION = "us-east-1";
    private static final int N = Integer.getInteger("volumes", 300);
    private static final Duration PENDING = Duration.ofSeconds(Integer.getInteger("pendingSeconds", 20));
    private static final Duration ROUND = Duration.ofSeconds(2);

    record Result(String who, long startMillis, long totalMillis, Map<String, Integer> calls, int throttled) {
        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Creates per second after the burst of 99 (Haven) or 100 (AWS's bucket) over the ceiling of 5. */
        double ceilingShare() {
            double seconds = startMillis / 1000.0;
            return Math.min(1.0, (N - 100) / Math.max(seconds, 1e-3) / 5.0);
        }
    }

    @Test
    void havenBesideABareSdkLoop(MotoServer moto) throws Exception {
        List<String> volumes = volumes(moto.endpoint());
        try (AwsBehaviourProxy proxy = new AwsBehaviourProxy(moto.endpoint())) {
            proxy.snapshotsPendingFor(PENDING);
            Result haven = haven(proxy, volumes);
            Result bare = bare(proxy, volumes);
            print(haven, bare);
        }
    }

    private Result haven(AwsBehaviourProxy proxy, List<String> volumes) throws InterruptedException {
        proxy.resetCounts();
        try (DefaultAwsClients clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()),
                RateLimitSettings.defaults())) {
            CloudContext ctx = clients.context(new AwsIdentity("haven", new Credentials.StaticKeys("haven", "s")), REGION);
            TargetType type = new EbsVolumeTargetType();
            BackupRequest request = new BackupRequest("1", "bench", "benchmark",
                    Map.of(HavenTags.BACKUP_ID, "1", HavenTags.POLICY, "bench"));
            long t0 = System.nanoTime();
            List<Artifact> artifacts = RunLoops.startAll(type, ctx, volumes.stream()
                    .map(v -> new TargetSpec(EbsVolumeTargetType.ID, REGION, v, Map.of())).toList(), request);
            long started = System.nanoTime();
            RunLoops.pollUntilDone(type, ctx, artifacts, ROUND);
            return new Result("Haven", (started - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                    proxy.calls(), proxy.totalThrottled());
        }
    }

    private Result bare(AwsBehaviourProxy proxy, List<String> volumes) throws InterruptedException {
        proxy.resetCounts();
        try (Ec2Client ec2 = client(proxy.endpoint(), "bare")) {
            long t0 = System.nanoTime();
            List<String> snapshots = new ArrayList<>();
            for (int from = 0; from < volumes.size(); from += 200) {
                List<String> batch = volumes.subList(from, Math.min(volumes.size(), from + 200));
                ec2.describeVolumes(b -> b.filters(Filter.builder().name("volume-id").values(batch).build()));
                for (String volume : batch) {
                    snapshots.add(RunLoops.untilDone(() -> ec2.createSnapshot(b -> b.volumeId(volume)).snapshotId()));
                }
            }
            long started = System.nanoTime();
            RunLoops.bareUntilCompleted(ec2, snapshots, ROUND);
            return new Result("bare SDK", (started - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                    proxy.calls(), proxy.totalThrottled());
        }
    }

    private static List<String> volumes(String motoEndpoint) {
        try (Ec2Client ec2 = client(motoEndpoint, "setup")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                ids.add(ec2.createVolume(b -> b.availabilityZone(REGION + "a").size(1)).volumeId());
            }
            return ids;
        }
    }

    private static Ec2Client client(String endpoint, String key) {
        return RunLoops.client(endpoint, REGION, key);
    }

    private static void print(Result haven, Result bare) {
        System.out.printf("%nEBS run of %d volumes, snapshots pending %d s, CreateSnapshot bucket 100 / 5 per s%n", N,
                PENDING.toSeconds());
        System.out.printf("%-10s %9s %9s %8s %9s %10s  %s%n", "", "start s", "total s", "calls", "throttled",
                "of ceiling", "calls per operation");
        for (Result r : List.of(haven, bare)) {
            System.out.printf("%-10s %9.1f %9.1f %8d %8.2f%% %9.0f%%  %s%n", r.who(), r.startMillis() / 1000.0,
                    r.totalMillis() / 1000.0, r.total(), 100.0 * r.throttled() / Math.max(1, r.total()),
                    100 * r.ceilingShare(), r.calls());
        }
        System.out.printf("ratios Haven / bare: calls %.2f, start time %.2f, total time %.2f%n",
                haven.total() / (double) bare.total(), haven.startMillis() / (double) bare.startMillis(),
                haven.totalMillis() / (double) bare.totalMillis());
    }
}
