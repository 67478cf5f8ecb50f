package io.haven.rest.http;

import io.haven.api.service.ValidationException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.ws.rs.PathParam;
import javax.ws.rs.ext.ParamConverter;
import javax.ws.rs.ext.ParamConverterProvider;

/**
 * Reads {@code long} path parameters (ids) strictly. Jersey answers an id it cannot convert with 404, as
 * if the resource were missing, and reads a blank one ({@code /schedules/%20}) as 0; the client deserves
 * 400 naming the parameter.
 */
public class StrictIds implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != long.class && rawType != Long.class) {
            return null;
        }
        PathParam path = pathParam(annotations);
        if (path == null) {
            return null;
        }
        return (ParamConverter<T>) new Id(path.value());
    }

    private static PathParam pathParam(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                return path;
            }
        }
        return null;
    }

    /** A positive decimal whole number: no sign, no blanks, no leading zero. */
    private record Id(String name) implements ParamConverter<Long> {
        @Override
        public Long fromString(String value) {
            if (value == null || !value.matches("[1-9][0-9]{0,18}")) {
                throw new ValidationException(name, "Expected an id (a whole number), got \"" + value + "\"");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ValidationException(name, "Expected an id (a whole number), got \"" + value + "\"");
            }
        }

        @Override
        public String toString(Long value) {
            return String.valueOf(value);
        }
    }
}
