package io.haven.aws.internal.limits;

import io.haven.aws.BucketSize;
import java.util.function.LongSupplier;

/**
 * One API bucket on Haven's side: a token bucket of AWS's published size whose refill rate adapts to what AWS
 * says (additive increase, multiplicative decrease). A call takes a token or reserves the next one and waits for
 * it outside the lock, so waiting callers are served in the order they came and the bucket is never overdrawn:
 * over any interval of t seconds at most {@code capacity + refill * t} calls go out.
 *
 * <p>The bucket starts one token short of full: AWS's bucket starts refilling when the first call arrives, Haven's
 * when it is sent, and the token keeps the differences in network delay from costing a refusal.
 *
 * <p>When AWS throttles a call anyway (another client of the account shares the bucket), the refill rate halves,
 * at most once a second, the tokens on hand are dropped, and callers already waiting for a token queue again at
 * the new rate; every call AWS accepts gives back a two-hundredth of
 * the published rate, up to the published rate.
 */
public final class TokenBucket {

    /** Waits for a number of nanoseconds; a test clock advances instead. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long SECOND = 1_000_000_000L;
    /** The refill rate never drops below this share of the published one, so that a bucket always drains. */
    private static final double MIN_SHARE = 0.05;
    private static final double INCREASE_SHARE = 0.005;

    private final BucketSize size;
    private final LongSupplier nanos;
    private final Sleeper sleeper;
    private double tokens;
    private double rate;
    private long last;
    private long lastDecrease = Long.MIN_VALUE;
    private long calls;
    private long throttled;
    /** Counts the refusals, so that a caller that waited through one queues again. */
    private long generation;

    public TokenBucket(BucketSize size) {
        this(size, System::nanoTime, nanosToWait -> Thread.sleep(nanosToWait / 1_000_000, (int) (nanosToWait % 1_000_000)));
    }

    public TokenBucket(BucketSize size, LongSupplier nanos, Sleeper sleeper) {
        this.size = size;
        this.nanos = nanos;
        this.sleeper = sleeper;
        this.tokens = size.capacity() - 1;
        this.rate = size.refillPerSecond();
        this.last = nanos.getAsLong();
    }

    /** Takes one token, waiting until it is there. */
    public void acquire() throws InterruptedException {
        while (true) {
            long seen;
            long wait;
            synchronized (this) {
                seen = generation;
                wait = reserve();
            }
            if (wait <= 0) {
                return;
            }
            sleeper.sleep(wait);
            synchronized (this) {
                if (generation == seen) {
                    calls++;
                    return;
                }
            }
        }
    }

    /** Takes a token, the next one to come if none is left; how long the caller must wait for it. */
    private long reserve() {
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            calls++;
            return 0;
        }
        return (long) Math.ceil(-tokens / rate * SECOND);
    }

    /** AWS refused a call for its rate: its bucket is empty, and the account's share of it is less than thought. */
    public synchronized void throttled() {
        refill();
        throttled++;
        generation++;
        // AWS's bucket is empty now; the reservations of waiting callers are void, they queue again
        tokens = 0;
        long now = nanos.getAsLong();
        if (lastDecrease == Long.MIN_VALUE || now - lastDecrease >= SECOND) {
            rate = Math.max(rate / 2, size.refillPerSecond() * MIN_SHARE);
            lastDecrease = now;
        }
    }

    /** AWS accepted a call. */
    public synchronized void accepted() {
        refill();
        rate = Math.min(size.refillPerSecond(), rate + size.refillPerSecond() * INCREASE_SHARE);
    }

    public BucketSize size() {
        return size;
    }

    /** The refill rate in use now, at most the published one. */
    public synchronized double rate() {
        return rate;
    }

    /** Calls let through since the start. */
    public synchronized long calls() {
        return calls;
    }

    /** Calls AWS refused for their rate since the start. */
    public synchronized long throttledCalls() {
        return throttled;
    }

    private void refill() {
        long now = nanos.getAsLong();
        tokens = Math.min(size.capacity(), tokens + (now - last) * rate / SECOND);
        last = now;
    }
}
