package io.haven.rest.problem;

import io.haven.api.service.SecondFactorRequiredException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/**
 * The password was right and the user signs in with a second factor: 401 with its own problem type, so that the
 * console asks for the code (no Basic challenge: a browser would show its own dialog).
 */
public class SecondFactorRequiredExceptionMapper implements ExceptionMapper<SecondFactorRequiredException> {

    public static final String TYPE = "second-factor-required";

    @Override
    public Response toResponse(SecondFactorRequiredException e) {
        return Problems.builder(Problem.of(401, TYPE, "One-time code required", e.getMessage())).build();
    }
}
