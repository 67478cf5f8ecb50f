package io.haven.rest.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The OpenAPI 3.0 description of this API; readable without authentication. */
@Path("v1/openapi.json")
public class OpenApiResource {

    /** Where the hand-written document lives in the bundle. */
    public static final String DOCUMENT = "/io/haven/rest/openapi.json";

    private final byte[] document;

    public OpenApiResource() {
        this.document = load();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return document.clone();
    }

    private static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("The bundle lacks " + DOCUMENT);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
