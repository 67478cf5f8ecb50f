package io.haven.rest.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.http.BodyTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

/**
 * Reads and writes JSON bodies (application/json, and RFC 9457 problem documents) with our
 * {@link ObjectMapper}. Jersey matches declared media types literally, so each JSON type is listed. Our own small provider instead of jersey-media-json-jackson keeps the
 * bundles to resolve in Karaf few.
 */
@Produces({MediaType.APPLICATION_JSON, JsonProvider.PROBLEM_JSON})
@Consumes(MediaType.APPLICATION_JSON)
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    static final String PROBLEM_JSON = "application/problem+json";

    /** Types that Jersey's built-in providers write as they are; Jackson would encode them as JSON strings. */
    private static final Set<Class<?>> RAW_TYPES = Set.of(String.class, byte[].class, char[].class,
            InputStream.class, Reader.class, StreamingOutput.class, Response.class);

    private final ObjectMapper mapper;

    public JsonProvider(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        try {
            return mapper.readerFor(mapper.constructType(genericType)).readValue(strictUtf8(entityStream));
        } catch (JsonProcessingException e) {
            throw tooLarge(e).orElseGet(() -> new JsonBodyException(e));
        } catch (CharacterCodingException e) {
            throw new MalformedTextException("body");
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        mapper.writeValue(entityStream, value);
    }

    /** Jackson wraps what the capped stream threw while a value was being read; unwrap it. */
    private static Optional<RuntimeException> tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }

    /**
     * JSON is UTF-8 (RFC 8259). Jackson's own decoder is lenient: it reads the overlong {@code C0 AF} as
     * "/", which a filter looking for "/" would miss. The JDK's decoder refuses overlong forms, encoded
     * surrogates and truncated sequences.
     */
    private static Reader strictUtf8(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, decoder);
    }

    private static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return true;
        }
        String subtype = mediaType.getSubtype();
        return "json".equalsIgnoreCase(subtype) || subtype.toLowerCase().endsWith("+json");
    }

    private static boolean isRaw(Class<?> type) {
        return RAW_TYPES.stream().anyMatch(raw -> raw.isAssignableFrom(type));
    }
}
