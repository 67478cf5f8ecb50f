package io.haven.shell;

import io.haven.api.service.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** Times as the shell shows and reads them: wall-clock time in the server's zone (guide 4.1). */
public final class Times {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    public Times(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** For example {@code 2026-05-01 10:00:00}; an empty text for null. */
    public String format(Instant time) {
        return time == null ? "" : SHOWN.format(time.atZone(zone));
    }

    /**
     * Reads a time a user typed: {@code 2026-05-01T10:00} or {@code 2026-05-01 10:00} (in the server's
     * zone), {@code 2026-05-01} (midnight), {@code 10:00} (today), or an instant with an offset such as
     * {@code 2026-05-01T08:00:00Z}. A local time that DST skips moves forward, as for schedules.
     *
     * @param field names the option in the error when the text is not a time
     */
    public Instant parse(String field, String text, Clock clock) {
        String t = text == null ? "" : text.trim();
        Optional<Instant> parsed = attempt(t, s -> OffsetDateTime.parse(s).toInstant())
                .or(() -> attempt(t, s -> ZonedDateTime.parse(s).toInstant()))
                .or(() -> attempt(t.replaceFirst(" ", "T"), s -> local(LocalDateTime.parse(s))))
                .or(() -> attempt(t, s -> local(LocalDate.parse(s).atStartOfDay())))
                .or(() -> attempt(t, s -> local(LocalDate.now(clock.withZone(zone)).atTime(LocalTime.parse(s)))));
        return parsed.orElseThrow(() -> new ValidationException(field,
                "Not a date and time like 2026-05-01T10:00, 2026-05-01 or 10:00: '" + t + "'"));
    }

    private Instant local(LocalDateTime time) {
        return ZonedDateTime.of(time, zone).toInstant();
    }

    private static Optional<Instant> attempt(String text, Function<String, Instant> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
