package io.haven.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.haven.core.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FairExecutorTest {

    private final List<FairExecutor> pools = new ArrayList<>();
    /** Opened at the end of each test, so that no task is left waiting on it. */
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        gate.countDown();
        pools.forEach(FairExecutor::shutdownNow);
    }

    private FairExecutor pool(int threads, int share, Clock clock) {
        FairExecutor pool = new FairExecutor("Test tasks", threads, share, Polling.threads("fair-test-"), clock);
        pools.add(pool);
        return pool;
    }

    private FairExecutor pool(int threads, int share) {
        return pool(threads, share, Clock.systemUTC());
    }

    /** Counts the tasks running at once and the most there ever were. */
    private static final class Concurrency {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        Runnable around(Runnable task) {
            return () -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    task.run();
                } finally {
                    now.decrementAndGet();
                }
            };
        }
    }

    private void awaitGate() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reach(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("%d of the latch left", latch.getCount()).isTrue();
    }

    @Test
    void neverRunsMoreTasksAtOnceThanItsThreadsAndQueuesTheRest() throws InterruptedException {
        FairExecutor pool = pool(3, 3);
        Concurrency concurrency = new Concurrency();
        CountDownLatch entered = new CountDownLatch(3);
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            pool.execute("account " + i % 5, concurrency.around(() -> {
                entered.countDown();
                awaitGate();
                done.countDown();
            }));
        }
        reach(entered);
        assertThat(pool.busy()).isEqualTo(3);
        assertThat(pool.waiting()).as("nothing dropped").isEqualTo(47);

        gate.countDown();
        reach(done);
        assertThat(concurrency.most).hasValue(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.busy() == 0 && pool.waiting() == 0);
    }

    @Test
    void aKeyHoldsAtMostItsShareSoAnotherKeysTasksRunMeanwhile() throws InterruptedException {
        FairExecutor pool = pool(4, 2);
        Concurrency blocked = new Concurrency();
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch blockedDone = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            pool.execute("throttled", blocked.around(() -> {
                entered.countDown();
                awaitGate();
                blockedDone.countDown();
            }));
        }
        CountDownLatch othersDone = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            pool.execute(i % 2 == 0 ? "other" : "third", othersDone::countDown);
        }

        reach(entered);
        reach(othersDone);
        assertThat(blockedDone.getCount()).as("still held").isEqualTo(10);
        assertThat(blocked.now).as("two threads of four were free, yet the key stayed at its share").hasValue(2);
        assertThat(pool.waiting()).isEqualTo(8);

        gate.countDown();
        reach(blockedDone);
        assertThat(blocked.most).hasValue(2);
    }

    @Test
    void eachKeysTasksRunInTheOrderTheyCameAndTheKeysTakeTurns() throws InterruptedException {
        FairExecutor pool = pool(1, 1);
        CountDownLatch holding = new CountDownLatch(1);
        pool.execute("first", () -> {
            holding.countDown();
            awaitGate();
        });
        reach(holding);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (String task : List.of("a1", "a2", "a3", "b1", "b2")) {
            pool.execute("account " + task.charAt(0), () -> {
                order.add(task);
                done.countDown();
            });
        }

        gate.countDown();
        reach(done);
        assertThat(order).containsExactly("a1", "b1", "a2", "b2", "a3");
    }

    @Test
    void aTaskThatThrowsNeitherKillsThePoolNorKeepsItsThread() throws InterruptedException {
        FairExecutor pool = pool(2, 1);
        for (int i = 0; i < 5; i++) {
            pool.execute("failing", () -> {
                throw new IllegalStateException("boom");
            });
        }
        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute("failing", ran::countDown);
        }

        reach(ran);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.busy() == 0 && pool.waiting() == 0);
    }

    @Test
    void theLongestWaitIsMeasuredFromTheOldestWaitingTask() throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:00:00Z"));
        FairExecutor pool = pool(1, 1, clock);
        CountDownLatch holding = new CountDownLatch(1);
        pool.execute("account 1", () -> {
            holding.countDown();
            awaitGate();
        });
        reach(holding);
        assertThat(pool.longestWait()).isZero();
        CountDownLatch done = new CountDownLatch(2);
        pool.execute("account 2", done::countDown);
        clock.advance(Duration.ofSeconds(30));
        pool.execute("account 3", done::countDown);
        clock.advance(Duration.ofSeconds(60));

        assertThat(pool.longestWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(pool.waiting()).isEqualTo(2);
        gate.countDown();
        reach(done);
        assertThat(pool.longestWait()).isZero();
    }

    @Test
    void shutdownInterruptsWhatRunsDropsWhatWaitsAndRefusesMore() throws InterruptedException {
        FairExecutor pool = pool(1, 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute("account 1", () -> {
            holding.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        reach(holding);
        AtomicInteger ranAfter = new AtomicInteger();
        pool.execute("account 2", ranAfter::incrementAndGet);

        pool.shutdownNow();

        reach(interrupted);
        assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(ranAfter).hasValue(0);
        assertThat(pool.waiting()).isZero();
        assertThatThrownBy(() -> pool.execute("account 2", ranAfter::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void theShareIsAtMostTheThreadsAndBothAreAtLeastOne() {
        assertThat(pool(4, 10).share()).isEqualTo(4);
        assertThatThrownBy(() -> pool(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
