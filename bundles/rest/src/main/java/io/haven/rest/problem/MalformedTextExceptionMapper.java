package io.haven.rest.problem;

import io.haven.rest.json.MalformedTextException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Text that is not valid UTF-8 or Unicode, in a body, query or path: 400 naming where. */
public class MalformedTextExceptionMapper implements ExceptionMapper<MalformedTextException> {

    @Override
    public Response toResponse(MalformedTextException e) {
        return Problems.response(Problem.of(400, "invalid-text", "Invalid text", e.getMessage()).withField(e.field()));
    }
}
