package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.service.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Times BERLIN = new Times(ZoneId.of("Europe/Berlin"));
    // 23:30 on 1 May in Berlin.
    private static final Clock MAY_FIRST_LATE = Clock.fixed(Instant.parse("2026-05-01T21:30:00Z"), ZoneId.of("UTC"));

    @Test
    void localTimesAreInTheServersZone() {
        assertThat(BERLIN.parse("start", "2026-05-01T10:00", MAY_FIRST_LATE)).isEqualTo("2026-05-01T08:00:00Z");
        assertThat(BERLIN.parse("start", "2026-05-01 10:00:30", MAY_FIRST_LATE)).isEqualTo("2026-05-01T08:00:30Z");
        assertThat(BERLIN.parse("start", "2026-12-24", MAY_FIRST_LATE)).isEqualTo("2026-12-23T23:00:00Z");
    }

    @Test
    void aTimeAloneMeansTodayInTheServersZone() {
        Clock justAfterMidnightInBerlin = Clock.fixed(Instant.parse("2026-05-01T22:30:00Z"), ZoneId.of("UTC"));
        // 22:30 UTC is 00:30 on 2 May in Berlin, so "today" is 2 May there.
        assertThat(BERLIN.parse("start", "10:00", justAfterMidnightInBerlin)).isEqualTo("2026-05-02T08:00:00Z");
        assertThat(BERLIN.parse("start", "10:00", MAY_FIRST_LATE)).isEqualTo("2026-05-01T08:00:00Z");
    }

    @Test
    void anInstantWithAnOffsetIsTakenAsItIs() {
        assertThat(BERLIN.parse("end", "2026-05-01T10:00:00Z", MAY_FIRST_LATE)).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(BERLIN.parse("end", "2026-05-01T10:00:00-04:00", MAY_FIRST_LATE)).isEqualTo("2026-05-01T14:00:00Z");
    }

    @Test
    void aTimeThatDaylightSavingSkipsMovesForward() {
        assertThat(BERLIN.parse("start", "2026-03-29 02:30", MAY_FIRST_LATE)).isEqualTo("2026-03-29T01:30:00Z");
    }

    @Test
    void nonsenseNamesTheField() {
        assertThatThrownBy(() -> BERLIN.parse("end", "tomorrow", MAY_FIRST_LATE)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'tomorrow'").extracting("field").isEqualTo("end");
        assertThatThrownBy(() -> BERLIN.parse("start", "2026-02-30", MAY_FIRST_LATE)).isInstanceOf(ValidationException.class);
    }

    @Test
    void timesAreShownInTheServersZone() {
        assertThat(BERLIN.format(Instant.parse("2026-05-01T08:00:00Z"))).isEqualTo("2026-05-01 10:00:00");
        assertThat(new Times(ZoneId.of("America/New_York")).format(Instant.parse("2026-01-01T08:00:00Z")))
                .isEqualTo("2026-01-01 03:00:00");
        assertThat(BERLIN.format(null)).isEmpty();
    }
}
