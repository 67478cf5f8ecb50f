package io.haven.rest.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one ObjectMapper configuration of the REST API: camelCase record properties, ISO-8601 times,
 * strict reading so that a typo or a wrong type in a request is reported instead of ignored, and stored
 * objects written flat, in the shape of their request bodies ({@link FlatSpecs}). Strict means: no
 * unknown properties, no scalar of one type taken for another ({@code false} is not the string
 * "false"), no {@code null} inside an array or as an object's value, no text that is not valid Unicode
 * ({@link StrictText}).
 */
public final class HavenJson {

    private HavenJson() {
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new FlatSpecs())
                .addModule(new StrictText())
                .addModule(new TimesAsText())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // "generations": "3" is a mistake in a typed API; say so rather than guess.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // ALLOW_COERCION_OF_SCALARS does not cover strings: Jackson still reads true or 3 as text.
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                // [null] and {"k": null} would reach the services as null elements (List.copyOf throws). A null
                // property is the same as an absent one (the document marks optional properties nullable).
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // Jersey owns the entity streams; Jackson must not close them.
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .build();
    }
}
