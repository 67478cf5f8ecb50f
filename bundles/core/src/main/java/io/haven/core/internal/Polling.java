package io.haven.core.internal;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the backup and recovery engines share for waiting on AWS: the back-off between status checks,
 * named daemon threads for their pools, and a one-line text of an error for their logs.
 */
public final class Polling {

    /** The first wait after something was started in AWS. */
    public static final Duration FIRST = Duration.ofSeconds(1);

    private Polling() {
    }

    /** The first wait when waits are at most {@code max}: {@link #FIRST}, or {@code max} if shorter (tests). */
    public static Duration first(Duration max) {
        return next(Duration.ZERO, max);
    }

    /** The wait after {@code last}: doubled, at most {@code max}; {@link #FIRST} after none. */
    public static Duration next(Duration last, Duration max) {
        Duration next = last.isZero() ? FIRST : last.multipliedBy(2);
        return next.compareTo(max) > 0 ? max : next;
    }

    /** Daemon threads named {@code prefix1}, {@code prefix2}, ... so that thread dumps say whose they are. */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The error's message, or its type when it has none. */
    public static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
