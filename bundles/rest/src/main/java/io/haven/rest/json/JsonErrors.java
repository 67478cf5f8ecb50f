package io.haven.rest.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns Jackson's reading errors into what a client needs: the JSON path of the bad value
 * ({@code disabledWindows[0].from}) and a reason in plain words, without Java class names.
 */
public final class JsonErrors {

    /** The field named when the error concerns the body as a whole. */
    public static final String BODY = "body";

    private JsonErrors() {
    }

    /**
     * The JSON path of the offending value, or {@value #BODY}: for a syntax error the line and column in
     * the reason locate it better than the last property the parser saw.
     */
    public static String field(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        return path.isEmpty() ? BODY : path;
    }

    public static String reason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "Unknown property '" + unknown.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; known properties: " + String.join(", ", known));
        }
        if (e instanceof StrictText.InvalidTextException) {
            return StrictText.InvalidTextException.REASON;
        }
        if (e instanceof InvalidNullException) {
            return "null is not allowed here; leave it out instead";
        }
        if (e instanceof InvalidFormatException format) {
            return "Expected " + describe(format.getTargetType()) + ", got " + quote(format.getValue());
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                return isEndOfInput(mismatch) ? "A JSON body is required" : firstLine(mismatch.getOriginalMessage());
            }
            return "Expected " + describe(mismatch.getTargetType());
        }
        if (e instanceof JsonParseException) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return "Malformed JSON" + where + ": " + firstLine(e.getOriginalMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                appendName(path, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static void appendName(StringBuilder path, String name) {
        if (path.length() > 0) {
            path.append('.');
        }
        path.append(name);
    }

    private static boolean isEndOfInput(MismatchedInputException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content to map");
    }

    /** What a value of the type looks like in JSON, in words a client understands. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (isOneOf(type, Integer.class, int.class, Long.class, long.class, Short.class, short.class,
                BigInteger.class)) {
            return "a whole number";
        }
        if (isOneOf(type, Double.class, double.class, Float.class, float.class, BigDecimal.class)) {
            return "a number";
        }
        if (isOneOf(type, Boolean.class, boolean.class)) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (isOneOf(type, Instant.class, OffsetDateTime.class, ZonedDateTime.class)) {
            return "an ISO-8601 instant such as 2025-01-31T02:00:00Z";
        }
        if (type == LocalTime.class) {
            return "a time of day such as 02:30";
        }
        if (type == LocalDate.class) {
            return "a date such as 2025-01-31";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static boolean isOneOf(Class<?> type, Class<?>... candidates) {
        return Arrays.asList(candidates).contains(type);
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : Objects.toString(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "Invalid JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
