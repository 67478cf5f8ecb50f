package io.haven.schedule;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a schedule runs (guide 4.1).
 *
 * <p>Run times are derived from the start: start + k × every units, k ≥ 0. Minutes and hours are
 * fixed durations on the UTC time line; days, weeks and months step the start's local date-time in
 * the server's zone, so a 10:00 daily run stays at 10:00 across daylight-saving changes, and months
 * count from the start (31 January, 28 February, 31 March). A local time that falls into a DST gap
 * moves forward as java.time moves it; one that occurs twice takes the earlier instant. The first run
 * is the start itself, even when the start is the later pass of a repeated hour.
 *
 * <p>A run is skipped when it falls on a weekday the schedule excludes (for minutes, hours and days;
 * for weeks and months the start decides the day) or inside a disabled window. Windows are read on the
 * wall clock: when the clock falls back to before a window's start, runs are allowed again. Blocked stretches are
 * jumped over with arithmetic, not walked run by run, and the search gives up (empty) beyond
 * {@link #HORIZON}: a schedule whose every run is blocked never fires.
 */
public final class ScheduleCalculator {

    /** How far past the later of start and "after" to look before concluding that a schedule never fires. */
    static final Duration HORIZON = Duration.ofDays(3660);
    /** A second bound, on the work one search may do, for windows that block in many small pieces. */
    static final int MAX_CANDIDATES = 100_000;

    private ScheduleCalculator() {
    }

    /** The first run strictly after {@code after}, or empty when the schedule never runs again. */
    public static Optional<Instant> nextRun(ScheduleSpec spec, Instant after, ZoneId zone) {
        return search(spec, after, zone).run();
    }

    /** The next {@code count} runs after {@code after}, in order; fewer when the schedule ends. */
    public static List<Instant> nextRuns(ScheduleSpec spec, Instant after, ZoneId zone, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Instant> runs = new ArrayList<>(Math.min(count, 1000));
        Instant from = after;
        while (runs.size() < count) {
            Optional<Instant> next = nextRun(spec, from, zone);
            if (next.isEmpty()) {
                break;
            }
            runs.add(next.get());
            from = next.get();
        }
        return runs;
    }

    /** Whether a run may start at this instant, ignoring the grid: weekdays and disabled windows. */
    static boolean allowed(ScheduleSpec spec, Instant time, ZoneId zone) {
        return blockedUntil(spec, time, zone).isEmpty();
    }

    /** The result of one search and how many grid times it looked at, so tests can see that it jumps. */
    record Search(Optional<Instant> run, int candidatesExamined) {
    }

    static Search search(ScheduleSpec spec, Instant after, ZoneId zone) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(zone, "zone");
        Grid grid = new Grid(spec, zone);
        Instant limit = (after.isAfter(spec.start()) ? after : spec.start()).plus(HORIZON);
        if (spec.end() != null && spec.end().isBefore(limit)) {
            limit = spec.end();
        }
        long k = grid.firstIndexAfter(after);
        for (int examined = 1; examined <= MAX_CANDIDATES; examined++) {
            Instant candidate = grid.at(k);
            if (candidate.isAfter(limit)) {
                return new Search(Optional.empty(), examined);
            }
            Optional<Instant> blockedUntil = blockedUntil(spec, candidate, zone);
            if (blockedUntil.isEmpty()) {
                return new Search(Optional.of(candidate), examined);
            }
            // The first grid time at or after the end of the blocked stretch.
            k = Math.max(grid.firstIndexAfter(blockedUntil.get().minusNanos(1)), k + 1);
        }
        return new Search(Optional.empty(), MAX_CANDIDATES);
    }

    /**
     * Empty when a run may start at {@code time}; otherwise an instant after it at which the reason
     * that blocks it ends (another reason may block from there on).
     */
    private static Optional<Instant> blockedUntil(ScheduleSpec spec, Instant time, ZoneId zone) {
        ZonedDateTime local = time.atZone(zone);
        LocalDate date = local.toLocalDate();
        if (weekdaysApply(spec) && !spec.weekdays().contains(date.getDayOfWeek())) {
            return Optional.of(nextAllowedDay(spec.weekdays(), date).atStartOfDay(zone).toInstant());
        }
        for (DisabledWindow window : spec.disabledWindows()) {
            Optional<LocalDateTime> end = windowEnd(window, date, local.toLocalTime());
            if (end.isPresent()) {
                Instant until = later(toInstant(end.get(), zone, local.getOffset()), time);
                return Optional.of(notPastTheNextClockChange(until, time, zone));
            }
        }
        return Optional.empty();
    }

    /** The guide: for weekly and monthly schedules the start decides the day, not the weekday boxes. */
    private static boolean weekdaysApply(ScheduleSpec spec) {
        return !spec.weekdays().isEmpty() && spec.unit() != Frequency.WEEKS && spec.unit() != Frequency.MONTHS;
    }

    private static LocalDate nextAllowedDay(Set<DayOfWeek> weekdays, LocalDate blocked) {
        LocalDate day = blocked.plusDays(1);
        while (!weekdays.contains(day.getDayOfWeek())) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** When the window covers the local date and time, the local date-time at which it ends. */
    private static Optional<LocalDateTime> windowEnd(DisabledWindow w, LocalDate date, LocalTime clock) {
        DayOfWeek day = date.getDayOfWeek();
        boolean startsToday = w.day() == null || w.day() == day;
        boolean startedYesterday = w.day() == null || w.day() == day.minus(1);
        if (w.from().isBefore(w.to())) {
            if (startsToday && !clock.isBefore(w.from()) && clock.isBefore(w.to())) {
                return Optional.of(date.atTime(w.to()));
            }
            return Optional.empty();
        }
        // to <= from: the window runs past midnight into the next day (from == to: a full 24 hours).
        if (startsToday && !clock.isBefore(w.from())) {
            return Optional.of(date.plusDays(1).atTime(w.to()));
        }
        if (startedYesterday && clock.isBefore(w.to())) {
            return Optional.of(date.atTime(w.to()));
        }
        return Optional.empty();
    }

    /**
     * A window end as an instant. Inside a fall-back overlap the blocked run's own offset is preferred,
     * so that a run in the repeated hour jumps to the end of the window in that same hour.
     */
    private static Instant toInstant(LocalDateTime end, ZoneId zone, ZoneOffset preferred) {
        return ZonedDateTime.ofLocal(end, zone, preferred).toInstant();
    }

    /**
     * A jump never crosses a DST change. Up to the change the wall clock runs on without a break, so
     * everything skipped is inside the window; after it the clock may read a time outside the window
     * again (falling back to before its start, or springing past an end that never happens).
     */
    private static Instant notPastTheNextClockChange(Instant end, Instant blocked, ZoneId zone) {
        ZoneOffsetTransition change = zone.getRules().nextTransition(blocked);
        return change != null && change.getInstant().isBefore(end) ? change.getInstant() : end;
    }

    /** A window end mapped through a DST change may land at or before the time it blocks: move on. */
    private static Instant later(Instant end, Instant blocked) {
        return end.isAfter(blocked) ? end : blocked.plusSeconds(1);
    }

    /** The run times of a schedule as a function of their index k; strictly increasing in k. */
    private static final class Grid {
        private final ScheduleSpec spec;
        private final ZoneId zone;
        private final LocalDateTime localStart;

        Grid(ScheduleSpec spec, ZoneId zone) {
            this.spec = spec;
            this.zone = zone;
            this.localStart = LocalDateTime.ofInstant(spec.start(), zone);
        }

        Instant at(long k) {
            if (k == 0) {
                // Not re-derived from the local time: a start in the later pass of a repeated hour
                // would map to the earlier pass, before the start, and the grid would run backwards.
                return spec.start();
            }
            long steps = Math.multiplyExact(k, (long) spec.every());
            return switch (spec.unit()) {
                case MINUTES -> spec.start().plus(Duration.ofMinutes(steps));
                case HOURS -> spec.start().plus(Duration.ofHours(steps));
                case DAYS -> local(localStart.plusDays(steps));
                case WEEKS -> local(localStart.plusWeeks(steps));
                case MONTHS -> local(localStart.plusMonths(steps));
            };
        }

        private Instant local(LocalDateTime time) {
            return ZonedDateTime.of(time, zone).toInstant();
        }

        /** The smallest k whose run time is strictly after the instant: estimated, then corrected by a step or two. */
        long firstIndexAfter(Instant after) {
            if (after.isBefore(spec.start())) {
                return 0;
            }
            long estimate = switch (spec.unit()) {
                case MINUTES -> Duration.between(spec.start(), after).toMinutes() / spec.every();
                case HOURS -> Duration.between(spec.start(), after).toHours() / spec.every();
                case DAYS -> ChronoUnit.DAYS.between(localStart, LocalDateTime.ofInstant(after, zone)) / spec.every();
                case WEEKS -> ChronoUnit.WEEKS.between(localStart, LocalDateTime.ofInstant(after, zone)) / spec.every();
                case MONTHS -> ChronoUnit.MONTHS.between(localStart, LocalDateTime.ofInstant(after, zone)) / spec.every();
            };
            long k = Math.max(0, estimate - 1);
            while (k > 0 && at(k).isAfter(after)) {
                k--;
            }
            while (!at(k).isAfter(after)) {
                k++;
            }
            return k;
        }
    }
}
