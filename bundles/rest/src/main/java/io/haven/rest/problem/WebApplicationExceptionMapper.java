package io.haven.rest.problem;

import io.haven.api.service.ValidationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ParamException;

/**
 * Jersey's own HTTP errors (unknown path, wrong method, unsupported media type, ...) as problem documents
 * with the same status, keeping headers such as {@code Allow}.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e instanceof ParamException && e.getCause() instanceof ValidationException invalid) {
            return new ValidationExceptionMapper().toResponse(invalid);
        }
        Response original = e.getResponse();
        // JAX-RS answers a path or query parameter it cannot convert with 404, as if nothing were there.
        int status = e instanceof ParamException ? 400 : original.getStatus();
        if (status >= 500) {
            return Problems.response(UnexpectedExceptionMapper.internalError(e));
        }
        Response.StatusType statusType = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status) : original.getStatusInfo();
        String title = statusType.getReasonPhrase() == null ? "HTTP " + status : statusType.getReasonPhrase();
        Problem problem = Problem.of(status, slug(title), title, detail(e, status));
        if (e instanceof ParamException param) {
            problem = problem.withField(param.getParameterName());
        }
        Response.ResponseBuilder response = Problems.builder(problem);
        for (Map.Entry<String, List<Object>> header : original.getHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                    && !header.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                header.getValue().forEach(value -> response.header(header.getKey(), value));
            }
        }
        return response.build();
    }

    private static String detail(WebApplicationException e, int status) {
        if (e instanceof ParamException param) {
            return "The " + param.getParameterType().getSimpleName().replace("Param", "").toLowerCase(Locale.ROOT)
                    + " parameter '" + param.getParameterName() + "' has an invalid value";
        }
        if (e instanceof NotAllowedException) {
            return "This resource does not support the method; allowed: "
                    + String.join(", ", e.getResponse().getAllowedMethods());
        }
        return switch (status) {
            case 404 -> "No resource at this path";
            case 406 -> "The resource cannot produce a representation the Accept header allows; use application/json";
            case 415 -> "Send the body as application/json";
            default -> e.getMessage();
        };
    }

    /** "Method Not Allowed" becomes "method-not-allowed". */
    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
