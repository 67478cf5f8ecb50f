package io.haven.rest.problem;

import java.util.UUID;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything no other mapper claims is our fault: log it under a fresh id and give the client only that
 * id, never the exception's message or stack trace (they may hold internals).
 */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        return Problems.response(internalError(e));
    }

    static Problem internalError(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("REST request failed; error id {}", errorId, e);
        return Problem.of(500, "internal-error", "Internal error",
                        "The server failed to handle the request. The log has the cause under error id " + errorId)
                .withErrorId(errorId);
    }
}
