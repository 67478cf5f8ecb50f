package io.haven.rest.problem;

import io.haven.api.service.TooManySignInsException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Too many failed sign-ins: 429 with Retry-After (RFC 6585), so that a client knows when to try again. */
public class TooManySignInsExceptionMapper implements ExceptionMapper<TooManySignInsException> {

    @Override
    public Response toResponse(TooManySignInsException e) {
        return tooMany(e);
    }

    public static Response tooMany(TooManySignInsException e) {
        return Problems.builder(Problem.of(429, "too-many-sign-ins", "Too many failed sign-ins", e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }
}
