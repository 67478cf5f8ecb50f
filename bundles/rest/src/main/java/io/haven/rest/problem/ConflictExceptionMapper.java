package io.haven.rest.problem;

import io.haven.api.service.ConflictException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** A valid request that clashes with the current state: 409. */
public class ConflictExceptionMapper implements ExceptionMapper<ConflictException> {

    @Override
    public Response toResponse(ConflictException e) {
        return Problems.response(Problem.of(409, "conflict", "Conflict", e.getMessage()));
    }
}
