package io.haven.rest.problem;

import io.haven.api.service.ForbiddenException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** An operation the caller may not do on what it sees: 403. */
public class ForbiddenExceptionMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException e) {
        return Problems.response(Problem.of(403, "forbidden", "Forbidden", e.getMessage()));
    }
}
