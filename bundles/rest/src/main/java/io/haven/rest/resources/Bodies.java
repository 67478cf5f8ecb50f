package io.haven.rest.resources;

import io.haven.api.service.ValidationException;
import io.haven.rest.json.JsonErrors;

/** Request bodies are required wherever a method takes one. */
final class Bodies {

    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ValidationException(JsonErrors.BODY, "A JSON body is required");
        }
        return body;
    }
}
