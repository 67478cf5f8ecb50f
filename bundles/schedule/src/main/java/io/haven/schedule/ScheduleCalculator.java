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
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule runs (guide 4.1).
 *
 * <p>Run times are derived from the start: start + k × every units, k ≥ 0. Minutes and hours are
 * fixed durations on the UTC time line; days, weeks and months step the start's local date-time in
 * the server's zone, so a 10:00 daily run stays at 10:00 across daylight-saving changes, and months
 * count from the start (31 January, 28 February, 31 March). A run is skipped when it falls on a
 * weekday the schedule excludes (for minutes, hours and days; for weeks and months the start decides
 * the day) or inside a disabled window. Blocked stretches are jumped over, not walked minute by minute.
 */
public final class ScheduleCalculator {

    /** How far ahead to look before concluding that a schedule never fires. */
    static final Duration HORIZON = Duration.ofDays(3660);
    private static final int MAX_JUMPS = 100_000;

    private ScheduleCalculator() {
    }

    /** The first run strictly after {@code after}, or empty when the schedule never runs again. */
    public static Optional<Instant> nextRun(ScheduleSpec spec, Instant after, ZoneId zone) {
        Grid grid = new Grid(spec, zone);
        Instant limit = after.plus(HORIZON);
        if (spec.end() != null && spec.end().isBefore(limit)) {
            limit = spec.end();
        }
        long k = grid.firstIndexAfter(after);
        for (int jump = 0; jump < MAX_JUMPS; jump++) {
            Instant candidate = grid.at(k);
            if (candidate.isAfter(limit)) {
                return Optional.empty();
            }
            Optional<Instant> blockedUntil = blockedUntil(spec, candidate, zone);
            if (blockedUntil.isEmpty()) {
                return Optional.of(candidate);
            }
            long next = grid.firstIndexAfter(blockedUntil.get().minusNanos(1));
            k = Math.max(next, k + 1);
        }
        return Optional.empty();
    }

    /** The next {@code count} runs after {@code after}; fewer when the schedule ends. */
    public static List<Instant> nextRuns(ScheduleSpec spec, Instant after, ZoneId zone, int count) {
        List<Instant> runs = new ArrayList<>();
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

    /**
     * Empty when a run may start at {@code time}; otherwise the first instant at which the reason
     * that blocks it ends (another reason may block from there on).
     */
    private static Optional<Instant> blockedUntil(ScheduleSpec spec, Instant time, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        LocalDate date = local.toLocalDate();
        LocalTime clock = local.toLocalTime();
        DayOfWeek day = date.getDayOfWeek();
        boolean weekdaysApply = spec.unit() != Frequency.WEEKS && spec.unit() != Frequency.MONTHS;
        if (weekdaysApply && !spec.weekdays().isEmpty() && !spec.weekdays().contains(day)) {
            return Optional.of(startOf(date.plusDays(1), zone));
        }
        for (DisabledWindow window : spec.disabledWindows()) {
            Optional<LocalDateTime> end = windowEnd(window, date, clock);
            if (end.isPresent()) {
                return Optional.of(later(end.get().atZone(zone).toInstant(), time));
            }
        }
        return Optional.empty();
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

    private static Instant startOf(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** A window end mapped through a DST change may land at or before the time it blocks: move on. */
    private static Instant later(Instant end, Instant blocked) {
        return end.isAfter(blocked) ? end : blocked.plusSeconds(1);
    }

    /** The run times of a schedule as a function of their index k. */
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

        /** The smallest k whose run time is strictly after the instant. */
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
