package io.haven.rest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Times are read only from the text the OpenAPI document describes: an instant is an RFC 3339
 * date-time ({@code 2025-01-31T02:00:00Z}), a time of day is {@code HH:mm[:ss[.fraction]]}. Jackson's
 * own readers also take numbers (epoch seconds), arrays ({@code [2, 30]}) and digits in a string, which
 * the document calls invalid.
 */
final class TimesAsText extends SimpleModule {

    /** RFC 3339: a date, T, a time with optional fraction, Z or an offset; T and Z in either case. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffsetId()
            .toFormatter();
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}-.*");
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?");

    TimesAsText() {
        super("haven-times-as-text");
        addDeserializer(Instant.class, new TextOnly<>(Instant.class, text -> YEAR.matcher(text).matches()
                ? OffsetDateTime.parse(text, RFC_3339).toInstant() : null));
        addDeserializer(LocalTime.class, new TextOnly<>(LocalTime.class, text -> TIME_OF_DAY.matcher(text).matches()
                ? LocalTime.parse(text) : null));
    }

    private static final class TextOnly<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<String, T> parser;

        TextOnly(Class<T> type, Function<String, T> parser) {
            super(type);
            this.parser = parser;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            T value;
            try {
                value = parser.apply(text);
            } catch (DateTimeParseException e) {
                value = null;
            }
            if (value == null) {
                return (T) ctxt.handleWeirdStringValue(handledType(), text, "not in the documented form");
            }
            return value;
        }
    }
}
