package io.haven.rest.json;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A request body that Jackson could not read. Wrapping keeps "the client sent bad JSON" (400) apart from
 * Jackson failures while writing a response, which are our bugs (500).
 */
public class JsonBodyException extends RuntimeException {

    public JsonBodyException(JsonProcessingException cause) {
        super(cause.getOriginalMessage(), cause);
    }

    public JsonProcessingException jacksonException() {
        return (JsonProcessingException) getCause();
    }
}
