package io.haven.aws.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.aws.BucketSize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bucket on a test clock that sleeping advances: what goes out when, never how long a test takes. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    private long now;
    private final List<Long> sent = new ArrayList<>();

    private TokenBucket bucket(double capacity, double refill) {
        return new TokenBucket(new BucketSize(capacity, refill), () -> now, nanos -> now += nanos);
    }

    private void call(TokenBucket bucket, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            bucket.acquire();
            sent.add(now);
        }
    }

    @Test
    void neverLetsMoreOutThanTheBucketHoldsPlusItsRefill() throws InterruptedException {
        TokenBucket bucket = bucket(100, 5);

        call(bucket, 400);

        for (int i = 0; i < sent.size(); i++) {
            for (int j = i; j < sent.size(); j++) {
                double seconds = (sent.get(j) - sent.get(i)) / (double) SECOND;
                assertThat(j - i + 1).as("calls %d..%d", i, j).isLessThanOrEqualTo((int) Math.floor(100 + 5 * seconds + 1e-6));
            }
        }
    }

    @Test
    void afterTheBurstCallsGoOutAtTheRefillRate() throws InterruptedException {
        TokenBucket bucket = bucket(100, 5);

        call(bucket, 600);

        // the burst, one token short of the bucket's 100 for the network's jitter
        assertThat(sent.subList(0, 99)).allMatch(t -> t == 0L);
        assertThat(sent.get(99)).isPositive();
        double seconds = sent.get(599) / (double) SECOND;
        // 501 calls after the burst at 5 per second: 100.2 s, the ceiling itself
        assertThat(501 / seconds).isBetween(4.95, 5.0 + 1e-9);
        assertThat(bucket.calls()).isEqualTo(600);
    }

    @Test
    void aThrottledCallHalvesTheRateOnceASecondAndEmptiesTheBucket() throws InterruptedException {
        TokenBucket bucket = bucket(100, 10);

        bucket.throttled();
        bucket.throttled(); // the same burst of refusals: one decrease
        assertThat(bucket.rate()).isEqualTo(5.0);
        call(bucket, 1);
        assertThat(sent.get(0)).isEqualTo(SECOND / 5);

        now += SECOND;
        bucket.throttled();
        assertThat(bucket.rate()).isEqualTo(2.5);
        assertThat(bucket.throttledCalls()).isEqualTo(3);
    }

    @Test
    void acceptedCallsBringTheRateBackToThePublishedOneAndNoFurther() {
        TokenBucket bucket = bucket(100, 10);
        bucket.throttled();

        for (int i = 0; i < 99; i++) {
            bucket.accepted();
        }
        assertThat(bucket.rate()).isLessThan(10.0);
        for (int i = 0; i < 200; i++) {
            bucket.accepted();
        }
        assertThat(bucket.rate()).isEqualTo(10.0);
    }

    @Test
    void theRateNeverFallsToNothing() {
        TokenBucket bucket = bucket(100, 10);
        for (int i = 0; i < 50; i++) {
            now += SECOND;
            bucket.throttled();
        }
        assertThat(bucket.rate()).isEqualTo(0.5);
    }
}
