package io.haven.rest.problem;

import io.haven.api.service.ValidationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Input that a service refused: 400 naming the field. */
public class ValidationExceptionMapper implements ExceptionMapper<ValidationException> {

    @Override
    public Response toResponse(ValidationException e) {
        return Problems.response(Problem.of(400, "validation", "Invalid input", e.getMessage()).withField(e.field()));
    }
}
