package io.haven.rest.dto;

import io.haven.api.service.ValidationException;

/** A missing required field of a request body, reported like any other invalid input. */
final class Required {

    private Required() {
    }

    static <T> T field(String name, T value) {
        if (value == null) {
            throw new ValidationException(name, "The field '" + name + "' is required");
        }
        return value;
    }
}
