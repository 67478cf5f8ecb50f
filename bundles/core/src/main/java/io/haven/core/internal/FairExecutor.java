package io.haven.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool that shares its threads among keys (decision 0047): at most {@code threads} tasks run at once and at
 * most {@code share} of them of one key, whatever else waits; a free thread goes to the keys with waiting tasks in
 * turn, and each key's tasks run in the order they came. Nothing is dropped: a task waits until a thread is free and
 * its key is under its share. Threads are made when needed and end after a minute idle.
 *
 * <p>A task must not wait for another task of the same pool (a key at its share would wait for ever); handing tasks
 * on is fine.
 */
public final class FairExecutor implements KeyedExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(FairExecutor.class);

    private final String name;
    private final int threads;
    private final int share;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    /** Keys with waiting tasks, the next to be served first; each key's tasks oldest first. */
    private final LinkedHashMap<Object, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();
    private final Map<Object, Integer> running = new HashMap<>();
    private int busy;
    private int queued;
    private boolean shutDown;

    private record Waiting(Runnable task, Instant since) {
    }

    /**
     * @param name    what the pool runs, for its log lines
     * @param threads tasks running at once at most, at least 1
     * @param share   tasks of one key running at once at most, at least 1 (at most {@code threads})
     */
    public FairExecutor(String name, int threads, int share, ThreadFactory factory, Clock clock) {
        if (threads < 1 || share < 1) {
            throw new IllegalArgumentException("threads and share must be at least 1: " + threads + ", " + share);
        }
        this.name = name;
        this.threads = threads;
        this.share = Math.min(share, threads);
        this.clock = clock;
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Object key, Runnable task) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(task, "task");
        synchronized (this) {
            if (shutDown) {
                throw new RejectedExecutionException(name + " is shut down");
            }
            waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new Waiting(task, clock.instant()));
            queued++;
            dispatch();
        }
    }

    /** Hands waiting tasks to free threads, the keys in turn; called with the lock held. */
    private void dispatch() {
        while (busy < threads) {
            Object key = nextKey();
            if (key == null) {
                return; // nothing waits, or every key that waits is at its share
            }
            ArrayDeque<Waiting> tasks = waiting.remove(key);
            Waiting next = tasks.poll();
            if (!tasks.isEmpty()) {
                waiting.put(key, tasks); // to the back of the turn
            }
            queued--;
            busy++;
            running.merge(key, 1, Integer::sum);
            pool.execute(() -> run(key, next.task()));
        }
    }

    /** The first key in turn that waits and is under its share. */
    private Object nextKey() {
        for (Object key : waiting.keySet()) {
            if (running.getOrDefault(key, 0) < share) {
                return key;
            }
        }
        return null;
    }

    private void run(Object key, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{}: a task of {} failed", name, key, e);
        } finally {
            synchronized (this) {
                busy--;
                running.compute(key, (k, count) -> count == 1 ? null : count - 1);
                if (!shutDown) {
                    dispatch();
                }
            }
        }
    }

    /** Tasks running at once at most. */
    public int threads() {
        return threads;
    }

    /** Tasks of one key running at once at most. */
    public int share() {
        return share;
    }

    /** Tasks waiting for a thread. */
    public synchronized int waiting() {
        return queued;
    }

    /** Tasks running. */
    public synchronized int busy() {
        return busy;
    }

    /** How long the task that has waited longest has waited; zero when none waits. */
    public synchronized Duration longestWait() {
        Instant now = clock.instant();
        return waiting.values().stream().map(tasks -> Duration.between(tasks.peek().since(), now))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Logs how much waits, by key, when a task has waited longer than {@code patience}; called now and then. */
    public void logIfWaitingLongerThan(Duration patience) {
        String text;
        synchronized (this) {
            Duration longest = longestWait();
            if (longest.compareTo(patience) <= 0) {
                return;
            }
            StringJoiner keys = new StringJoiner(", ");
            waiting.forEach((key, tasks) -> keys.add(key + ": " + tasks.size()));
            text = name + ": " + queued + " tasks wait for a thread, the oldest for " + longest.toSeconds() + " s ("
                    + keys + "); " + busy + " of " + threads + " threads busy, at most " + share + " for one of them";
        }
        LOG.info(text);
    }

    /** Drops the waiting tasks and interrupts the running ones; later tasks are refused. */
    public synchronized void shutdownNow() {
        shutDown = true;
        waiting.clear();
        queued = 0;
        pool.shutdownNow();
    }

    /** Whether the threads have ended after {@link #shutdownNow()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
