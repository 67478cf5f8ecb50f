package io.haven.shell.schedule;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.service.ValidationException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shell's text for the parts of a schedule, read and written the same way: units
 * ({@code days}), weekdays ({@code MON,TUE}) and disabled times ({@code SAT 22:00-02:00},
 * {@code * 18:00-06:00} for every day).
 */
final class ScheduleText {

    private static final Pattern WINDOW = Pattern.compile("\\s*(?:(\\*|[A-Za-z]+)\\s+)?(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
    private static final DateTimeFormatter SHOWN_CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final String WINDOW_HELP = "Write a disabled time as DAY HH:MM-HH:MM, for example SAT 22:00-02:00, "
            + "or * 18:00-06:00 for every day";

    private ScheduleText() {
    }

    /** {@code minutes}, {@code hours}, ... in any case, singular or plural. */
    static Frequency parseUnit(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (Frequency f : Frequency.values()) {
            if (f.name().equals(t) || f.name().equals(t + "S")) {
                return f;
            }
        }
        throw new ValidationException("unit", "Choose minutes, hours, days, weeks or months, not '" + text + "'");
    }

    /** For example "1 day" or "30 minutes". */
    static String formatEvery(int every, Frequency unit) {
        if (unit == null) {
            return String.valueOf(every);
        }
        String name = unit.name().toLowerCase(Locale.ROOT);
        return every + " " + (every == 1 ? name.substring(0, name.length() - 1) : name);
    }

    /** A comma-separated list such as {@code MON,TUE,FRI}; full names and any case are fine too. */
    static Set<DayOfWeek> parseWeekdays(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (text == null) {
            return days;
        }
        for (String token : text.split("[,\\s]+")) {
            if (!token.isEmpty()) {
                days.add(parseDay("weekdays", token));
            }
        }
        return days;
    }

    /** {@code MON,TUE} in week order, or "every day" when there is no restriction. */
    static String formatWeekdays(Set<DayOfWeek> days) {
        if (days.isEmpty() || days.size() == DayOfWeek.values().length) {
            return "every day";
        }
        return days.stream().sorted().map(ScheduleText::shortName).collect(Collectors.joining(","));
    }

    static DisabledWindow parseWindow(String text) {
        Matcher m = WINDOW.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new ValidationException("disable", WINDOW_HELP + ", not '" + text + "'");
        }
        String day = m.group(1);
        DayOfWeek weekday = day == null || day.equals("*") ? null : parseDay("disable", day);
        return new DisabledWindow(weekday, parseClock(m.group(2), text), parseClock(m.group(3), text));
    }

    static String formatWindow(DisabledWindow w) {
        return (w.day() == null ? "*" : shortName(w.day())) + " " + SHOWN_CLOCK.format(w.from()) + "-"
                + SHOWN_CLOCK.format(w.to());
    }

    private static LocalTime parseClock(String clock, String whole) {
        try {
            return LocalTime.parse(clock, CLOCK);
        } catch (DateTimeParseException e) {
            throw new ValidationException("disable", "Not a time of day: '" + clock + "' in '" + whole + "'");
        }
    }

    private static DayOfWeek parseDay(String field, String token) {
        String t = token.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || shortName(d).equals(t)) {
                return d;
            }
        }
        throw new ValidationException(field, "Not a weekday: '" + token + "'; use MON, TUE, WED, THU, FRI, SAT or SUN");
    }

    private static String shortName(DayOfWeek day) {
        return day.name().substring(0, 3);
    }
}
