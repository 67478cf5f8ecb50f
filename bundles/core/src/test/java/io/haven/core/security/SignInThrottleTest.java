package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void waitsGrowAfterTheFreeFailuresUpToAMinute() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("root", "192.0.2.1");
        }
        assertThat(throttle.waitFor("root", "192.0.2.1")).isEmpty();
        throttle.failed("root", "192.0.2.1");
        assertThat(throttle.waitFor("root", "192.0.2.1")).contains(Duration.ofSeconds(1));
        throttle.failed("root", "192.0.2.1");
        assertThat(throttle.waitFor("root", "192.0.2.1")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            throttle.failed("root", "192.0.2.1");
        }
        assertThat(throttle.waitFor("root", "192.0.2.1")).contains(SignInThrottle.MAX_DELAY);
    }

    @Test
    void aHundredFailuresWithinAnHourBlockUntilTheOldestIsAnHourOld() {
        // Concurrent attempts can all pass the wait check before any failure is recorded.
        for (int i = 0; i < SignInThrottle.MAX_FAILURES_PER_HOUR; i++) {
            throttle.failed("root", "192.0.2.1");
        }
        assertThat(throttle.waitFor("root", "198.51.100.1")).contains(Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.waitFor("root", "198.51.100.1")).isEmpty();
    }

    @Test
    void aSuccessClearsItsAddressButNotTheUser() {
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("root", "192.0.2.1");
        }
        throttle.succeeded("192.0.2.1");
        assertThat(throttle.waitFor("alice", "192.0.2.1")).isEmpty();
        assertThat(throttle.waitFor("root", "198.51.100.1")).isPresent();
    }

    @Test
    void unknownAddressesAreNotOneAddress() {
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("user" + i, "unknown");
        }
        assertThat(throttle.waitFor("alice", "unknown")).isEmpty();
    }

    @Test
    void oldRecordsAreDroppedSoThatGuessedNamesDoNotFillMemory() {
        for (int i = 0; i <= SignInThrottle.PRUNE_ABOVE; i++) {
            throttle.failed("name" + i, "unknown");
        }
        clock.advance(Duration.ofHours(2));
        throttle.failed("one-more", "unknown");
        assertThat(throttle.tracked()).isEqualTo(1);
    }
}
