package io.haven.rest.problem;

import io.haven.api.service.NotFoundException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** An id that names nothing: 404. */
public class NotFoundExceptionMapper implements ExceptionMapper<NotFoundException> {

    @Override
    public Response toResponse(NotFoundException e) {
        return Problems.response(Problem.of(404, "not-found", "Not found", e.getMessage()));
    }
}
