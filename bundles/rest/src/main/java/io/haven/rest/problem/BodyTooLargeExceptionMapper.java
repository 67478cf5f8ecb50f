package io.haven.rest.problem;

import io.haven.rest.http.BodyTooLargeException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** A request body over the cap: 413, as a problem document like every other refusal. */
public class BodyTooLargeExceptionMapper implements ExceptionMapper<BodyTooLargeException> {

    @Override
    public Response toResponse(BodyTooLargeException e) {
        return Problems.response(Problem.of(413, "payload-too-large", "Payload Too Large", e.getMessage())
                .withField("body"));
    }
}
