package io.haven.core.security;

import io.haven.api.service.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing, per user name and per address. The first {@value #FREE_FAILURES} failures
 * within an hour cost nothing; after that each failure makes the next attempt wait, twice as long each
 * time up to {@link #MAX_DELAY}; {@value #MAX_FAILURES_PER_HOUR} failures within an hour block until the
 * oldest is an hour old. A wait always ends, so the real user is never locked out for good. Attempts made
 * while waiting are refused without checking the password and do not count.
 *
 * <p>A success clears its address, not its user: otherwise a script that signs in all the time would
 * reset the count of someone guessing the same user's password elsewhere.
 */
public final class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final int MAX_FAILURES_PER_HOUR = 100;
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration WINDOW = Duration.ofHours(1);
    /** Beyond this many tracked names and addresses, the ones without recent failures are dropped. */
    static final int PRUNE_ABOVE = 10_000;

    private static final class Record {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant notBefore = Instant.MIN;
    }

    private final Clock clock;
    private final Map<String, Record> records = new HashMap<>();

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the attempt must wait, if it must: the longer of the user's and the address's waits. */
    public synchronized Optional<Duration> waitFor(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(notBefore(userKey(username)), notBefore(addressKey(address)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        if (records.size() > PRUNE_ABOVE) {
            prune(now);
        }
        fail(userKey(username), now);
        if (addressKey(address) != null) {
            fail(addressKey(address), now);
        }
    }

    public synchronized void succeeded(String address) {
        String key = addressKey(address);
        if (key != null) {
            records.remove(key);
        }
    }

    synchronized int tracked() {
        return records.size();
    }

    private void fail(String key, Instant now) {
        Record record = records.computeIfAbsent(key, k -> new Record());
        forgetOld(record, now);
        record.failures.addLast(now);
        int count = record.failures.size();
        if (count >= MAX_FAILURES_PER_HOUR) {
            record.notBefore = record.failures.getFirst().plus(WINDOW);
        } else if (count > FREE_FAILURES) {
            long seconds = Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(count - FREE_FAILURES - 1, 30));
            record.notBefore = now.plusSeconds(seconds);
        }
    }

    private Instant notBefore(String key) {
        Record record = key == null ? null : records.get(key);
        return record == null ? Instant.MIN : record.notBefore;
    }

    private void prune(Instant now) {
        records.values().forEach(record -> forgetOld(record, now));
        records.values().removeIf(record -> record.failures.isEmpty() && !record.notBefore.isAfter(now));
    }

    private static void forgetOld(Record record, Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!record.failures.isEmpty() && !record.failures.getFirst().isAfter(horizon)) {
            record.failures.removeFirst();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    /** Null when the address is not known: all such attempts are not one address. */
    private static String addressKey(String address) {
        if (address == null || address.isBlank() || UserService.UNKNOWN_ADDRESS.equals(address)) {
            return null;
        }
        return "address:" + address;
    }
}
