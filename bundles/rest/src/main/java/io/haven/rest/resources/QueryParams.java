package io.haven.rest.resources;

import io.haven.api.service.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses query parameters taken as strings. JAX-RS answers a query parameter it cannot convert with 404;
 * a client deserves 400 naming the parameter. A parameter that is present must have a value:
 * {@code ?sort=} is refused rather than read as "the default", since the client meant something.
 */
final class QueryParams {

    private QueryParams() {
    }

    static int intValue(String name, String value, int fallback, int min, int max) {
        if (isAbsent(name, value)) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "Expected a whole number, got \"" + value + "\"");
        }
        if (parsed < min || parsed > max) {
            throw new ValidationException(name, "Must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    /** An optional id: a positive whole number. */
    static Long id(String name, String value) {
        if (isAbsent(name, value)) {
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "Expected an id (a whole number), got \"" + value + "\"");
        }
        if (parsed < 1) {
            throw new ValidationException(name, "Ids are positive, was " + parsed);
        }
        return parsed;
    }

    /** Case-insensitive, so that ?status=failed works as well as FAILED. */
    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (isAbsent(name, value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw new ValidationException(name, "Expected one of " + allowed + ", got \"" + value + "\"");
        }
    }

    static String oneOf(String name, String value, String fallback, List<String> allowed) {
        if (isAbsent(name, value)) {
            return fallback;
        }
        String trimmed = value.trim();
        if (!allowed.contains(trimmed)) {
            throw new ValidationException(name,
                    "Expected one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
        }
        return trimmed;
    }

    /** An optional point in time, ISO-8601 with an offset or Z, e.g. 2026-12-01T00:00:00Z. */
    static java.time.Instant instant(String name, String value) {
        if (isAbsent(name, value)) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException(name, "Expected a time such as 2026-12-01T00:00:00Z, got \"" + value + "\"");
        }
    }

    /** Null when absent; a present value may not be blank. */
    static String optional(String name, String value) {
        return isAbsent(name, value) ? null : value.trim();
    }

    /** Absent is fine; present but blank is a mistake worth naming. */
    private static boolean isAbsent(String name, String value) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            throw new ValidationException(name, "The parameter '" + name + "' is empty; give a value or leave it out");
        }
        return false;
    }
}
