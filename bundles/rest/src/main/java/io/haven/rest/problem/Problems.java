package io.haven.rest.problem;

import javax.ws.rs.core.Response;

/** Builds responses that carry a {@link Problem}. */
public final class Problems {

    private Problems() {
    }

    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    public static Response response(Problem problem) {
        return builder(problem).build();
    }
}
