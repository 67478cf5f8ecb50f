package io.haven.rest.resources;

import io.haven.api.service.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses query parameters taken as strings. JAX-RS answers a query parameter it cannot convert with 404;
 * a client deserves 400 naming the parameter.
 */
final class QueryParams {

    private QueryParams() {
    }

    static int intValue(String name, String value, int fallback, int min, int max) {
        if (isAbsent(value)) {
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

    static Long longValue(String name, String value) {
        if (isAbsent(value)) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "Expected a whole number, got \"" + value + "\"");
        }
    }

    /** Case-insensitive, so that ?status=failed works as well as FAILED. */
    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (isAbsent(value)) {
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
        if (isAbsent(value)) {
            return fallback;
        }
        String trimmed = value.trim();
        if (!allowed.contains(trimmed)) {
            throw new ValidationException(name,
                    "Expected one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
        }
        return trimmed;
    }

    /** Absent and empty alike, so that a form that sends ?type= means "no filter". */
    static String optional(String value) {
        return isAbsent(value) ? null : value.trim();
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }
}
