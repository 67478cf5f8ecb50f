package io.haven.shell.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What schedule-list prints, schedule-add reads back unchanged. */
class ScheduleTextTest {

    @Property
    void aDisabledTimeReadsBackAsItWasWritten(@ForAll("windows") DisabledWindow window) {
        assertThat(ScheduleText.parseWindow(ScheduleText.formatWindow(window))).isEqualTo(window);
    }

    @Property
    void weekdaysReadBackAsTheyWereWritten(@ForAll("someDays") Set<DayOfWeek> days) {
        assertThat(ScheduleText.parseWeekdays(ScheduleText.formatWeekdays(days))).isEqualTo(days);
    }

    @Property
    void everyUnitReadsBackFromItsDescription(@ForAll Frequency unit, @ForAll("every") int every) {
        String described = ScheduleText.formatEvery(every, unit);
        assertThat(ScheduleText.parseUnit(described.substring(described.indexOf(' ') + 1))).isEqualTo(unit);
    }

    @Example
    void aWindowWithoutADayMeansEveryDay() {
        assertThat(ScheduleText.parseWindow(" 18:00 - 06:00 "))
                .isEqualTo(new DisabledWindow(null, LocalTime.of(18, 0), LocalTime.of(6, 0)));
        assertThat(ScheduleText.parseWindow("tuesday 13:00-15:00"))
                .isEqualTo(new DisabledWindow(DayOfWeek.TUESDAY, LocalTime.of(13, 0), LocalTime.of(15, 0)));
    }

    @Provide
    Arbitrary<DisabledWindow> windows() {
        Arbitrary<LocalTime> clock = Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.MIDNIGHT.plusMinutes(m));
        return Combinators.combine(Arbitraries.of(DayOfWeek.class).injectNull(0.3), clock, clock).as(DisabledWindow::new);
    }

    @Provide
    Arbitrary<Set<DayOfWeek>> someDays() {
        // Neither none nor all seven: both are shown as "every day", which means no restriction.
        return Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(6).map(EnumSet::copyOf);
    }

    @Provide
    Arbitrary<Integer> every() {
        return Arbitraries.integers().between(1, 1000);
    }
}
