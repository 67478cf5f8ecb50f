package io.haven.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of the next-run function, checked against a slow, obviously correct enumeration. */
class ScheduleCalculatorPropertiesTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"));
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    /** Every DST change of those zones in 2026-2027: a quarter of the generated instants lie within a day of one. */
    private static final List<Instant> TRANSITIONS = ZONES.stream().flatMap(zone ->
            Stream.iterate(zone.getRules().nextTransition(BASE), t -> t != null && t.getInstant().isBefore(BASE.plus(Duration.ofDays(730))),
                    t -> zone.getRules().nextTransition(t.getInstant()))).map(ZoneOffsetTransition::getInstant).toList();

    @Property(tries = 1000)
    void nextRunIsTheFirstAllowedGridTimeAfterTheGivenInstant(@ForAll("specs") ScheduleSpec spec,
                                                              @ForAll("zones") ZoneId zone,
                                                              @ForAll("offsets") long offsetMinutes) {
        Instant after = BASE.plus(Duration.ofMinutes(offsetMinutes));
        Optional<Instant> expected = bruteForce(spec, after, zone, after.plus(Duration.ofDays(120)));
        Optional<Instant> actual = ScheduleCalculator.nextRun(spec, after, zone);
        if (expected.isPresent()) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).satisfiesAnyOf(a -> assertThat(a).isEmpty(),
                    a -> assertThat(a.get()).isAfter(after.plus(Duration.ofDays(120))));
        }
    }

    @Property(tries = 1000)
    void runsAreStrictlyIncreasingAllowedAndWithinTheEnd(@ForAll("specs") ScheduleSpec spec, @ForAll("zones") ZoneId zone) {
        List<Instant> runs = ScheduleCalculator.nextRuns(spec, BASE, zone, 20);
        Instant previous = BASE;
        for (Instant run : runs) {
            assertThat(run).isAfter(previous);
            assertThat(blockedNaively(spec, run, zone)).isFalse();
            if (spec.end() != null) {
                assertThat(run).isBeforeOrEqualTo(spec.end());
            }
            previous = run;
        }
    }

    @Property(tries = 1000)
    void runsLieOnTheGridOfTheStart(@ForAll("specs") ScheduleSpec spec, @ForAll("zones") ZoneId zone,
                                    @ForAll("offsets") long offsetMinutes) {
        Instant after = BASE.plus(Duration.ofMinutes(offsetMinutes));
        ZonedDateTime start = spec.start().atZone(zone);
        for (Instant run : ScheduleCalculator.nextRuns(spec, after, zone, 5)) {
            if (run.equals(spec.start())) {
                continue; // the start is on its own grid, whichever pass of a repeated hour it is in
            }
            ZonedDateTime local = run.atZone(zone);
            switch (spec.unit()) {
                case MINUTES, HOURS -> {
                    long period = (spec.unit() == Frequency.MINUTES ? 60L : 3600L) * spec.every();
                    assertThat(Duration.between(spec.start(), run).getSeconds() % period).isZero();
                }
                case DAYS, WEEKS, MONTHS -> {
                    // The start's wall-clock time on the run's date, moved forward only by a DST gap.
                    assertThat(ZonedDateTime.of(local.toLocalDate(), start.toLocalTime(), zone).toInstant()).isEqualTo(run);
                    if (spec.unit() == Frequency.WEEKS) {
                        assertThat(local.getDayOfWeek()).isEqualTo(start.getDayOfWeek());
                    }
                    if (spec.unit() == Frequency.MONTHS) {
                        assertThat(local.getDayOfMonth())
                                .isEqualTo(Math.min(start.getDayOfMonth(), local.toLocalDate().lengthOfMonth()));
                    }
                }
            }
        }
    }

    @Property(tries = 1000)
    void theRunAfterARunIsLater(@ForAll("specs") ScheduleSpec spec, @ForAll("zones") ZoneId zone,
                                @ForAll("offsets") long offsetMinutes) {
        Instant after = BASE.plus(Duration.ofMinutes(offsetMinutes));
        ScheduleCalculator.nextRun(spec, after, zone).ifPresent(first -> {
            assertThat(first).isAfter(after);
            ScheduleCalculator.nextRun(spec, first, zone).ifPresent(second -> assertThat(second).isAfter(first));
        });
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES);
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(-3 * 1440, 200 * 1440)),
                Tuple.of(1, nearATransition().map(t -> Duration.between(BASE, t).toMinutes())));
    }

    private static Arbitrary<Instant> nearATransition() {
        return Combinators.combine(Arbitraries.of(TRANSITIONS), Arbitraries.longs().between(-26 * 60, 26 * 60))
                .as((t, minutes) -> t.plus(Duration.ofMinutes(minutes)));
    }

    @Provide
    Arbitrary<ScheduleSpec> specs() {
        Arbitrary<Integer> every = Arbitraries.integers().between(1, 5);
        Arbitrary<Frequency> unit = Arbitraries.of(Frequency.class);
        Arbitrary<Instant> start = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 90L * 1440).map(m -> BASE.plus(Duration.ofMinutes(m * 7)))),
                Tuple.of(1, nearATransition()));
        Arbitrary<Set<DayOfWeek>> weekdays = Arbitraries.of(DayOfWeek.class).set().ofMaxSize(4);
        Arbitrary<DisabledWindow> window = Combinators.combine(
                Arbitraries.of(DayOfWeek.class).injectNull(0.4),
                Arbitraries.integers().between(0, 95).map(q -> LocalTime.MIDNIGHT.plusMinutes(q * 15L)),
                Arbitraries.integers().between(0, 95).map(q -> LocalTime.MIDNIGHT.plusMinutes(q * 15L)))
                .as(DisabledWindow::new);
        Arbitrary<List<DisabledWindow>> windows = window.list().ofMaxSize(2);
        Arbitrary<Long> endDays = Arbitraries.longs().between(1, 400).injectNull(0.6);
        return Combinators.combine(every, unit, start, weekdays, windows, endDays).as((e, u, s, w, dw, end) ->
                new ScheduleSpec("p", null, e, u, s, end == null ? null : s.plus(Duration.ofDays(end)), w, dw));
    }

    /** Walks the grid one run at a time. */
    static Optional<Instant> bruteForce(ScheduleSpec spec, Instant after, ZoneId zone, Instant horizon) {
        LocalDateTime localStart = LocalDateTime.ofInstant(spec.start(), zone);
        for (long k = 0; ; k++) {
            long n = k * spec.every();
            Instant run = k == 0 ? spec.start() : switch (spec.unit()) {
                case MINUTES -> spec.start().plusSeconds(60 * n);
                case HOURS -> spec.start().plusSeconds(3600 * n);
                case DAYS -> ZonedDateTime.of(localStart.plusDays(n), zone).toInstant();
                case WEEKS -> ZonedDateTime.of(localStart.plusDays(7 * n), zone).toInstant();
                case MONTHS -> ZonedDateTime.of(localStart.plusMonths(n), zone).toInstant();
            };
            if (run.isAfter(horizon) || (spec.end() != null && run.isAfter(spec.end()))) {
                return Optional.empty();
            }
            if (run.isAfter(after) && !blockedNaively(spec, run, zone)) {
                return Optional.of(run);
            }
        }
    }

    /** A window is an interval of (to - from) mod 24 h (24 h when equal) starting at from on its day. */
    static boolean blockedNaively(ScheduleSpec spec, Instant run, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(run, zone);
        boolean weekdaysApply = spec.unit() != Frequency.WEEKS && spec.unit() != Frequency.MONTHS;
        if (weekdaysApply && !spec.weekdays().isEmpty() && !spec.weekdays().contains(local.getDayOfWeek())) {
            return true;
        }
        for (DisabledWindow w : spec.disabledWindows()) {
            long length = Duration.between(w.from(), w.to()).toMinutes();
            if (length <= 0) {
                length += 1440;
            }
            for (int back = 0; back <= 1; back++) {
                var day = local.toLocalDate().minusDays(back);
                if (w.day() != null && w.day() != day.getDayOfWeek()) {
                    continue;
                }
                LocalDateTime from = day.atTime(w.from());
                if (!local.isBefore(from) && local.isBefore(from.plusMinutes(length))) {
                    return true;
                }
            }
        }
        return false;
    }
}
