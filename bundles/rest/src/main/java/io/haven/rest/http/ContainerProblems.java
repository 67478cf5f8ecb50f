package io.haven.rest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.problem.Problem;
import io.haven.rest.resources.OpenApiResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import javax.ws.rs.core.Response;

/**
 * Problem documents for what the web container refuses outside Jersey, with the {@code Allow} header a
 * 405 needs, taken from the OpenAPI document.
 */
final class ContainerProblems {

    static final String API_PREFIX = "/api/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DocumentedMethods methods = new DocumentedMethods(document(), API_PREFIX);

    /** The problem for a refusal of the given status of a request for the path. */
    Problem problem(int status, String path) {
        if (status == 405) {
            // A method refused for a path no resource serves: the path is what is wrong.
            return allow(path).map(allowed -> Problem.of(405, "method-not-allowed", "Method Not Allowed",
                            "This resource does not support the method; allowed: " + allowed))
                    .orElseGet(() -> notFound());
        }
        if (status == 404) {
            return notFound();
        }
        if (status >= 500) {
            return Problem.of(status, "internal-error", "Internal error", "The server failed to handle the request");
        }
        String reason = reason(status);
        return Problem.of(status, reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), reason,
                "The server could not read the request: " + reason);
    }

    /** The Allow header's value for the path, when the document has it. */
    Optional<String> allow(String path) {
        return methods.allowed(path).map(allowed -> String.join(", ", allowed));
    }

    static byte[] bytes(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Problem notFound() {
        return Problem.of(404, "not-found", "Not Found", "No resource at this path");
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 431 ? "Request Header Fields Too Large" : "HTTP " + status;
    }

    private static JsonNode document() {
        try (InputStream in = ContainerProblems.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
