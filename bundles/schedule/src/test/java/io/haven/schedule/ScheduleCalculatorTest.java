package io.haven.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Examples from the guide (section 4.1) and the corner cases around midnight, DST and month ends. */
class ScheduleCalculatorTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void dailyAtTenRunsAtTenEveryDay() {
        ScheduleSpec daily = spec(1, Frequency.DAYS, local(2026, 3, 1, 10, 0, BERLIN));
        assertThat(ScheduleCalculator.nextRuns(daily, local(2026, 3, 5, 11, 0, BERLIN), BERLIN, 2))
                .containsExactly(local(2026, 3, 6, 10, 0, BERLIN), local(2026, 3, 7, 10, 0, BERLIN));
    }

    @Test
    void hourlyAtSeventeenPast() {
        ScheduleSpec hourly = spec(1, Frequency.HOURS, local(2026, 3, 1, 0, 17, BERLIN));
        assertThat(ScheduleCalculator.nextRun(hourly, local(2026, 3, 2, 5, 17, BERLIN), BERLIN))
                .contains(local(2026, 3, 2, 6, 17, BERLIN));
    }

    @Test
    void theStartItselfIsTheFirstRun() {
        Instant start = local(2026, 6, 1, 8, 0, BERLIN);
        assertThat(ScheduleCalculator.nextRun(spec(1, Frequency.DAYS, start), start.minusSeconds(1), BERLIN)).contains(start);
        assertThat(ScheduleCalculator.nextRun(spec(1, Frequency.DAYS, start), start, BERLIN))
                .contains(start.plusSeconds(86_400));
    }

    @Test
    void dailyRunsKeepTheirLocalTimeAcrossDaylightSaving() {
        ScheduleSpec daily = spec(1, Frequency.DAYS, local(2026, 3, 27, 2, 30, BERLIN));
        // 29 March 2026 02:30 does not exist in Berlin: java.time moves it to 03:30.
        assertThat(ScheduleCalculator.nextRuns(daily, local(2026, 3, 27, 3, 0, BERLIN), BERLIN, 3)).containsExactly(
                local(2026, 3, 28, 2, 30, BERLIN), local(2026, 3, 29, 3, 30, BERLIN), local(2026, 3, 30, 2, 30, BERLIN));
        ScheduleSpec autumn = spec(1, Frequency.DAYS, local(2026, 10, 30, 9, 0, NEW_YORK));
        assertThat(ScheduleCalculator.nextRuns(autumn, local(2026, 10, 31, 10, 0, NEW_YORK), NEW_YORK, 2))
                .containsExactly(local(2026, 11, 1, 9, 0, NEW_YORK), local(2026, 11, 2, 9, 0, NEW_YORK));
    }

    @Test
    void dailyRunsInTheRepeatedHourTakeTheEarlierInstant() {
        // 25 October 2026: Berlin goes from 03:00 CEST back to 02:00 CET, so 02:30 happens twice.
        ScheduleSpec daily = spec(1, Frequency.DAYS, local(2026, 10, 20, 2, 30, BERLIN));
        assertThat(ScheduleCalculator.nextRuns(daily, local(2026, 10, 24, 3, 0, BERLIN), BERLIN, 2)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void aStartInTheLaterPassOfTheRepeatedHourIsTheFirstRun() {
        // 1 November 2026: 01:03 happens in EDT (05:03Z) and again in EST (06:03Z); the start is the EST one.
        Instant start = Instant.parse("2026-11-01T06:03:00Z");
        for (Frequency unit : List.of(Frequency.DAYS, Frequency.WEEKS, Frequency.MONTHS)) {
            ScheduleSpec spec = spec(1, unit, start);
            assertThat(ScheduleCalculator.nextRun(spec, Instant.parse("2026-11-01T05:03:00Z"), NEW_YORK)).contains(start);
            assertThat(ScheduleCalculator.nextRun(spec, start.minusSeconds(1), NEW_YORK)).contains(start);
            assertThat(ScheduleCalculator.nextRun(spec, start, NEW_YORK).orElseThrow()).isAfter(start);
        }
        assertThat(ScheduleCalculator.nextRuns(spec(1, Frequency.DAYS, start), Instant.parse("2026-11-01T05:00:00Z"),
                NEW_YORK, 2)).containsExactly(start, local(2026, 11, 2, 1, 3, NEW_YORK));
    }

    @Test
    void dailyRunsInTheNewYorkGapMoveForwardOneHour() {
        // 8 March 2026: New York skips from 02:00 to 03:00.
        ScheduleSpec daily = spec(1, Frequency.DAYS, local(2026, 3, 1, 2, 30, NEW_YORK));
        assertThat(ScheduleCalculator.nextRuns(daily, local(2026, 3, 7, 12, 0, NEW_YORK), NEW_YORK, 2)).containsExactly(
                local(2026, 3, 8, 3, 30, NEW_YORK), local(2026, 3, 9, 2, 30, NEW_YORK));
    }

    @Test
    void aWindowBlocksBothPassesOfTheRepeatedHourAndIsJumpedInOneStep() {
        // 1 November 2026: New York's 01:00-02:00 happens first in EDT (05:00Z) and again in EST (06:00Z).
        Instant midnight = local(2026, 11, 1, 0, 0, NEW_YORK);
        ScheduleSpec every10 = new ScheduleSpec("n", null, 10, Frequency.MINUTES, midnight, null, Set.of(),
                List.of(new DisabledWindow(null, LocalTime.MIDNIGHT, LocalTime.of(1, 30))));
        assertThat(ScheduleCalculator.nextRun(every10, Instant.parse("2026-11-01T05:45:00Z"), NEW_YORK))
                .contains(Instant.parse("2026-11-01T05:50:00Z"));
        ScheduleCalculator.Search second = ScheduleCalculator.search(every10, Instant.parse("2026-11-01T05:50:00Z"),
                NEW_YORK);
        assertThat(second.run()).contains(Instant.parse("2026-11-01T06:30:00Z"));
        assertThat(second.candidatesExamined()).isEqualTo(2);
    }

    @Test
    void aWindowEndingInsideTheSpringGapEndsWhenTheClocksJump() {
        // 29 March 2026: Berlin skips from 02:00 CET (01:00Z) to 03:00 CEST, so 02:15 never happens.
        Instant start = Instant.parse("2026-03-28T23:03:00Z");
        ScheduleSpec hourly = new ScheduleSpec("g", null, 1, Frequency.HOURS, start, null, Set.of(),
                List.of(new DisabledWindow(null, LocalTime.of(3, 15), LocalTime.of(2, 15))));
        // 00:03Z is 01:03 CET, inside the window; 01:03Z is 03:03 CEST, past 02:15 on the wall clock.
        assertThat(ScheduleCalculator.nextRun(hourly, start, BERLIN)).contains(Instant.parse("2026-03-29T01:03:00Z"));
    }

    @Test
    void aRunWhenTheClockFallsBackToBeforeTheWindowIsAllowed() {
        // 1 November 2026: New York's clock falls back from 02:00 EDT (06:00Z) to 01:00 EST, before 01:15.
        Instant start = Instant.parse("2026-11-01T05:59:00Z");
        ScheduleSpec everyMinute = new ScheduleSpec("f", null, 1, Frequency.MINUTES, start, null, Set.of(),
                List.of(new DisabledWindow(null, LocalTime.of(1, 15), LocalTime.MIDNIGHT)));
        assertThat(ScheduleCalculator.nextRuns(everyMinute, start.minusSeconds(1), NEW_YORK, 2)).containsExactly(
                Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T06:01:00Z"));
    }

    @Test
    void hourlyRunsAreFixedDurationsAcrossDaylightSaving() {
        Instant start = Instant.parse("2026-03-29T00:00:00Z");
        ScheduleSpec hourly = spec(1, Frequency.HOURS, start);
        assertThat(ScheduleCalculator.nextRuns(hourly, start, BERLIN, 3)).containsExactly(
                start.plusSeconds(3600), start.plusSeconds(7200), start.plusSeconds(10800));
    }

    @Test
    void monthlyRunsCountFromTheStartAtMonthEnds() {
        ScheduleSpec monthly = spec(1, Frequency.MONTHS, local(2026, 1, 31, 23, 0, BERLIN));
        assertThat(ScheduleCalculator.nextRuns(monthly, local(2026, 1, 31, 23, 0, BERLIN), BERLIN, 3)).containsExactly(
                local(2026, 2, 28, 23, 0, BERLIN), local(2026, 3, 31, 23, 0, BERLIN), local(2026, 4, 30, 23, 0, BERLIN));
    }

    @Test
    void weekdaysRestrictMinutesHoursAndDaysButNotWeeks() {
        Instant friday = local(2026, 5, 1, 22, 0, BERLIN); // a Friday
        ScheduleSpec workdays = new ScheduleSpec("w", null, 1, Frequency.DAYS, friday, null,
                Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), List.of());
        assertThat(ScheduleCalculator.nextRun(workdays, friday, BERLIN)).contains(local(2026, 5, 4, 22, 0, BERLIN));
        ScheduleSpec weekly = new ScheduleSpec("w", null, 1, Frequency.WEEKS, friday, null, Set.of(DayOfWeek.MONDAY), List.of());
        assertThat(ScheduleCalculator.nextRun(weekly, friday, BERLIN)).contains(local(2026, 5, 8, 22, 0, BERLIN));
    }

    @Test
    void aWindowAcrossMidnightBlocksBothSides() {
        Instant start = local(2026, 5, 1, 0, 0, BERLIN); // Friday
        ScheduleSpec every30 = new ScheduleSpec("n", null, 30, Frequency.MINUTES, start, null, Set.of(),
                List.of(new DisabledWindow(DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(2, 0))));
        assertThat(ScheduleCalculator.nextRun(every30, local(2026, 5, 1, 21, 45, BERLIN), BERLIN))
                .contains(local(2026, 5, 2, 2, 0, BERLIN));
        assertThat(ScheduleCalculator.allowed(every30, local(2026, 5, 2, 1, 0, BERLIN), BERLIN)).isFalse();
        assertThat(ScheduleCalculator.allowed(every30, local(2026, 5, 3, 1, 0, BERLIN), BERLIN)).isTrue();
    }

    @Test
    void theEndStopsTheSchedule() {
        Instant start = local(2026, 5, 1, 10, 0, BERLIN);
        ScheduleSpec ending = new ScheduleSpec("e", null, 1, Frequency.DAYS, start, start.plusSeconds(2 * 86_400),
                Set.of(), List.of());
        assertThat(ScheduleCalculator.nextRuns(ending, start.minusSeconds(1), BERLIN, 10)).hasSize(3);
        assertThat(ScheduleCalculator.nextRun(ending, start.plusSeconds(2 * 86_400), BERLIN)).isEmpty();
    }

    @Test
    void aScheduleWhoseEverySlotIsDisabledNeverRunsAndFindsOutByJumpingADayAtATime() {
        ScheduleSpec never = new ScheduleSpec("x", null, 1, Frequency.MINUTES, Instant.parse("2026-01-01T00:00:00Z"),
                null, Set.of(), List.of(new DisabledWindow(null, LocalTime.NOON, LocalTime.NOON)));
        ScheduleCalculator.Search search = ScheduleCalculator.search(never, Instant.parse("2026-02-01T00:00:00Z"), BERLIN);
        assertThat(search.run()).isEmpty();
        // About ten years of whole-day windows: one candidate per day, not one per minute, plus one at
        // each of Berlin's two clock changes a year, where a jump stops to look at the clock again.
        long days = ScheduleCalculator.HORIZON.toDays();
        assertThat(search.candidatesExamined()).isBetween(3000, (int) (days + 2 + 2 * (days / 365 + 1)));
    }

    @Test
    void twoWindowsThatTogetherCoverTheWeekAlsoNeverRun() {
        ScheduleSpec never = new ScheduleSpec("x", null, 5, Frequency.MINUTES, Instant.parse("2026-01-01T00:00:00Z"),
                null, Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of(
                        new DisabledWindow(DayOfWeek.SATURDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT),
                        new DisabledWindow(DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        // Both weekend days are disabled all day; the rest of the week is not a chosen weekday.
        assertThat(ScheduleCalculator.nextRun(never, Instant.parse("2026-02-01T00:00:00Z"), BERLIN)).isEmpty();
    }

    @Test
    void everyMinuteWithAWeekdayAndAWindowJumpsStraightToTheNextSlot() {
        ScheduleSpec mondays = new ScheduleSpec("m", null, 1, Frequency.MINUTES, Instant.parse("2026-01-01T00:00:00Z"),
                null, Set.of(DayOfWeek.MONDAY), List.of(new DisabledWindow(null, LocalTime.MIDNIGHT, LocalTime.of(6, 0))));
        Instant tuesday = local(2026, 5, 5, 12, 0, BERLIN);
        ScheduleCalculator.Search search = ScheduleCalculator.search(mondays, tuesday, BERLIN);
        assertThat(search.run()).contains(local(2026, 5, 11, 6, 0, BERLIN));
        // Tuesday 12:01 (wrong weekday), Monday 00:00 (window), Monday 06:00.
        assertThat(search.candidatesExamined()).isEqualTo(3);
    }

    @Test
    void aStartFarInTheFutureIsStillFound() {
        Instant start = Instant.parse("2045-06-01T08:00:00Z");
        assertThat(ScheduleCalculator.nextRun(spec(1, Frequency.MONTHS, start), Instant.parse("2026-01-01T00:00:00Z"),
                BERLIN)).contains(start);
    }

    @Test
    void biWeeklyAndQuarterlyStepsKeepTheStartsDayAndTime() {
        Instant start = local(2026, 1, 5, 4, 15, BERLIN); // a Monday
        assertThat(ScheduleCalculator.nextRuns(spec(2, Frequency.WEEKS, start), start, BERLIN, 2))
                .containsExactly(local(2026, 1, 19, 4, 15, BERLIN), local(2026, 2, 2, 4, 15, BERLIN));
        assertThat(ScheduleCalculator.nextRuns(spec(3, Frequency.MONTHS, start), start, BERLIN, 2))
                .containsExactly(local(2026, 4, 5, 4, 15, BERLIN), local(2026, 7, 5, 4, 15, BERLIN));
    }

    @Test
    void aCountOfZeroGivesNoRuns() {
        assertThat(ScheduleCalculator.nextRuns(spec(1, Frequency.DAYS, Instant.EPOCH), Instant.EPOCH, BERLIN, 0)).isEmpty();
    }

    static ScheduleSpec spec(int every, Frequency unit, Instant start) {
        return new ScheduleSpec("s", null, every, unit, start, null, Set.of(), List.of());
    }

    static Instant local(int y, int m, int d, int h, int min, ZoneId zone) {
        return ZonedDateTime.of(LocalDateTime.of(y, m, d, h, min), zone).toInstant();
    }
}
