package io.haven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.CloudContext;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Haven's limiter against {@link AwsBehaviourProxy} enforcing EC2's CreateSnapshot bucket (resized to 10 tokens
 * and 5 per second, so that it runs dry within a test): the same calls from the same threads are refused when
 * Haven does not pace them and never when it does; a limiter that thinks the bucket larger learns AWS's size
 * from the refusals. Counts, not timings.
 */
@ExtendWith(MotoExtension.class)
class RateLimitedCallsTest {

    private static final int CALLS = 40;
    private static final int THREADS = 6;
    private static AwsBehaviourProxy proxy;
    private static String volume;

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new AwsBehaviourProxy(moto.endpoint());
        try (DefaultAwsClients unlimited = clients(RateLimitSettings.off())) {
            volume = context(unlimited, "setup").client(Ec2Client.class)
                    .createVolume(b -> b.availabilityZone("us-east-1a").size(1)).volumeId();
        }
    }

    @AfterAll
    static void tearDown() {
        proxy.close();
    }

    @BeforeEach
    void fullBuckets() {
        proxy.buckets().resize("CreateSnapshot", 10, 5);
        proxy.resetCounts();
    }

    @Test
    void pacedCallsAreNeverRefused() throws Exception {
        try (DefaultAwsClients clients = clients(RateLimitSettings.parse(true, new String[] {"ec2:CreateSnapshot=10/5"}))) {
            int failed = snapshotsFromThreads(context(clients, "paced"));

            assertThat(failed).isZero();
            assertThat(proxy.calls("CreateSnapshot")).as("%s, %s throttled", proxy.calls(), proxy.totalThrottled())
                    .isEqualTo(CALLS);
            assertThat(proxy.throttled("CreateSnapshot")).isZero();
        }
    }

    @Test
    void unpacedCallsAreRefusedByTheSameBucket() throws Exception {
        try (DefaultAwsClients clients = clients(RateLimitSettings.off())) {
            snapshotsFromThreads(context(clients, "unpaced"));

            assertThat(proxy.throttled("CreateSnapshot")).isGreaterThan(CALLS / 4);
        }
    }

    @Test
    void aLimiterThatThinksTheBucketLargerSlowsDownWhenRefused() throws Exception {
        try (DefaultAwsClients clients = clients(RateLimitSettings.parse(true, new String[] {"ec2:CreateSnapshot=10/20"}))) {
            snapshotsFromThreads(context(clients, "adapting"));

            // Without adapting, 30 calls at 20 per second against 5 per second: most would be refused, each
            // retried after a back-off, again and again; adapting keeps the refusals to a few.
            assertThat(proxy.throttled("CreateSnapshot")).as("%s", proxy.calls()).isBetween(1, CALLS / 4);
        }
    }

    @Test
    void theProxyKeepsSnapshotsPendingForTheTimeSet() {
        proxy.buckets().enforce(false);
        proxy.snapshotsPendingFor(Duration.ofSeconds(2));
        try (DefaultAwsClients clients = clients(RateLimitSettings.defaults())) {
            CloudContext ctx = context(clients, "pending");
            String snapshot = ctx.client(Ec2Client.class).createSnapshot(b -> b.volumeId(volume)).snapshotId();

            assertThat(EbsSnapshots.status(ctx, snapshot).state()).isEqualTo(ArtifactStatus.State.PENDING);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> EbsSnapshots.status(ctx, snapshot).state() == ArtifactStatus.State.COMPLETED);
        } finally {
            proxy.snapshotsPendingFor(Duration.ZERO);
            proxy.buckets().enforce(true);
        }
    }

    /** {@value #CALLS} CreateSnapshot calls spread over {@value #THREADS} threads; how many failed in the end. */
    private static int snapshotsFromThreads(CloudContext ctx) throws Exception {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                done.add(pool.submit(() -> {
                    try {
                        ec2.createSnapshot(b -> b.volumeId(volume));
                        return true;
                    } catch (SdkException e) {
                        return false;
                    }
                }));
            }
            int failed = 0;
            for (Future<Boolean> call : done) {
                failed += call.get() ? 0 : 1;
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DefaultAwsClients clients(RateLimitSettings limits) {
        return new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()), limits);
    }

    /** Each test signs with its own access key: an account of its own at the proxy, with full buckets. */
    private static CloudContext context(DefaultAwsClients clients, String key) {
        return clients.context(new AwsIdentity(key, new Credentials.StaticKeys(key, "secret")), "us-east-1");
    }
}
