package io.haven.core.internal;

import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks shared by the core services; each failure names the field and says what is expected. The
 * limits keep every value within what the store can hold (column lengths, epoch milliseconds), so that
 * input is refused with a 400 naming the field instead of failing in the database; docs/api.md lists them.
 */
public final class Validation {

    /**
     * The earliest instant accepted as input (schedule start and end): RFC 3339's range, which is what the
     * OpenAPI document's date-time means; the store's epoch milliseconds hold it, unlike year +999999999.
     */
    public static final Instant MIN_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest instant accepted as input, the end of RFC 3339's year 9999. */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** An AWS secret access key is 40 characters; this leaves room and fits the encrypted column. */
    public static final int MAX_SECRET = 128;
    /** Longest region name (the column holds 32). */
    public static final int MAX_REGION = 32;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private Validation() {
    }

    /**
     * A name: at most 100 characters as sent, no control characters anywhere, at least one other than a
     * space; stored trimmed. The rule is what the OpenAPI document's pattern for names says.
     */
    public static String name(String field, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new ValidationException(field, "A name is required");
        }
        if (value.length() > 100) {
            throw new ValidationException(field, "A name may have at most 100 characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(field, "A name may not contain control characters");
        }
        return value.trim();
    }

    public static String optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ValidationException(field, "At most " + max + " characters are allowed");
        }
        return value;
    }

    /** A required text of at most max characters, trimmed. */
    public static String requiredText(String field, String value, int max, String what) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, what + " is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new ValidationException(field, "At most " + max + " characters are allowed");
        }
        return trimmed;
    }

    /** A secret as given (not trimmed: it is the user's), of at most {@link #MAX_SECRET} characters. */
    public static String secret(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "A secret access key is required");
        }
        if (value.length() > MAX_SECRET) {
            throw new ValidationException(field, "A secret access key has at most " + MAX_SECRET + " characters");
        }
        return value;
    }

    /** Null, or an instant from {@link #MIN_INSTANT} to {@link #MAX_INSTANT}. */
    public static Instant instant(String field, Instant value) {
        if (value != null && (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT))) {
            throw new ValidationException(field, "Must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ", was " + value);
        }
        return value;
    }

    /**
     * A map of names to values (target options, recovery choices): names not blank, and all names and
     * values together at most maxTotal characters. The store keeps the map URL-encoded, which takes up to
     * 9 characters per character, in a column of at least 9 times maxTotal plus separators.
     */
    public static Map<String, String> textMap(String field, Map<String, String> map, int maxTotal) {
        if (map == null) {
            return Map.of();
        }
        int total = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                throw new ValidationException(field, "A name may not be empty");
            }
            if (entry.getValue() == null) {
                throw new ValidationException(field + "." + entry.getKey(), "A value is required");
            }
            total += entry.getKey().length() + entry.getValue().length();
        }
        if (total > maxTotal) {
            throw new ValidationException(field, "Names and values may have at most " + maxTotal
                    + " characters in all, had " + total);
        }
        return map;
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "Must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** The number in a text that may be an id or a name; empty when it is not a number. */
    public static java.util.Optional<Long> parseId(String text) {
        try {
            return java.util.Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    public static String region(String field, String value) {
        if (value == null || value.length() > MAX_REGION || !REGION.matcher(value).matches()) {
            throw new ValidationException(field, "Not an AWS region name (like us-east-1): " + value);
        }
        return value;
    }
}
