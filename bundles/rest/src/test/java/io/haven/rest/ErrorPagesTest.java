package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.http.DocumentedMethods;
import io.haven.rest.resources.OpenApiResource;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The Allow header written for the container's own 405s (TRACE) comes from the document. */
class ErrorPagesTest {

    private final DocumentedMethods methods = new DocumentedMethods(document(), "/api/v1");

    @Test
    void theAllowedMethodsOfAPathAreTheDocumentedOnesWithHeadAndOptions() {
        assertThat(methods.allowed("/api/v1/policies")).contains(java.util.Set.of("GET", "HEAD", "OPTIONS", "POST"));
        assertThat(methods.allowed("/api/v1/policies/12/targets/3"))
                .contains(java.util.Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PUT"));
        assertThat(methods.allowed("/api/v1/policies/12/run")).contains(java.util.Set.of("OPTIONS", "POST"));
        assertThat(methods.allowed("/api/v1/backups/1/recovery/i-1/images")).isPresent();
    }

    @Test
    void aPathTheDocumentDoesNotHaveHasNoMethods() {
        assertThat(methods.allowed("/api/v1/nothing")).isEmpty();
        assertThat(methods.allowed("/")).isEmpty();
        assertThat(methods.allowed("/api/v1/policies/1/2/3")).isEmpty();
        assertThat(methods.allowed("/api/v2/policies")).isEmpty();
    }

    private static com.fasterxml.jackson.databind.JsonNode document() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
