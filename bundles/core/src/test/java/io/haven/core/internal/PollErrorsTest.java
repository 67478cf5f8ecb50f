package io.haven.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.MutableClock;
import io.haven.core.internal.PollErrors.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollErrorsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final PollErrors errors = new PollErrors(Duration.ofMinutes(60), clock);

    @Test
    void aStreakIsReportedFirstThenCarriesOnUntilItHasLastedTheLimit() {
        assertThat(errors.failed(7)).isEqualTo(Verdict.FIRST);
        clock.advance(Duration.ofMinutes(59));
        assertThat(errors.failed(7)).isEqualTo(Verdict.AGAIN);
        assertThat(errors.failed(8)).isEqualTo(Verdict.FIRST);
        clock.advance(Duration.ofMinutes(1));
        assertThat(errors.failed(7)).isEqualTo(Verdict.GIVE_UP);
        assertThat(errors.failed(8)).isEqualTo(Verdict.AGAIN);
    }

    @Test
    void aSuccessfulCheckEndsTheStreak() {
        errors.failed(7);
        clock.advance(Duration.ofMinutes(59));
        errors.succeeded(7);
        clock.advance(Duration.ofMinutes(30));
        assertThat(errors.failed(7)).isEqualTo(Verdict.FIRST);
        clock.advance(Duration.ofMinutes(59));
        assertThat(errors.failed(7)).isEqualTo(Verdict.AGAIN);
    }

    @Test
    void theLimitReadsInMinutes() {
        assertThat(errors.limitText()).isEqualTo("60 min");
    }
}
