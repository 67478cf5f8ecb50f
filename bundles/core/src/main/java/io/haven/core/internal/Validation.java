package io.haven.core.internal;

import io.haven.api.service.ValidationException;
import java.util.regex.Pattern;

/** Checks shared by the core services; each failure names the field and says what is expected. */
public final class Validation {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private Validation() {
    }

    public static String name(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "A name is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > 100) {
            throw new ValidationException(field, "A name may have at most 100 characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(field, "A name may not contain control characters");
        }
        return trimmed;
    }

    public static String optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ValidationException(field, "At most " + max + " characters are allowed");
        }
        return value;
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
        if (value == null || !REGION.matcher(value).matches()) {
            throw new ValidationException(field, "Not an AWS region name (like us-east-1): " + value);
        }
        return value;
    }
}
