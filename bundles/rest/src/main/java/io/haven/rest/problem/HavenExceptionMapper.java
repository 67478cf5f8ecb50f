package io.haven.rest.problem;

import io.haven.api.service.HavenException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Any other refusal by a core service; its message is written for users. */
public class HavenExceptionMapper implements ExceptionMapper<HavenException> {

    @Override
    public Response toResponse(HavenException e) {
        return Problems.response(Problem.of(400, "refused", "Request refused", e.getMessage()));
    }
}
