package io.haven.rest.problem;

import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import io.haven.rest.json.JsonBodyException;
import io.haven.rest.json.JsonErrors;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/**
 * A request body Jackson could not read: 400 naming the JSON path (such as {@code generations}) and why.
 * A bad mapping definition is our bug and stays a 500.
 */
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonBodyException> {

    @Override
    public Response toResponse(JsonBodyException e) {
        if (e.jacksonException() instanceof InvalidDefinitionException) {
            return Problems.response(UnexpectedExceptionMapper.internalError(e));
        }
        Problem problem = Problem.of(400, "invalid-json", "Invalid JSON body", JsonErrors.reason(e.jacksonException()))
                .withField(JsonErrors.field(e.jacksonException()));
        return Problems.response(problem);
    }
}
