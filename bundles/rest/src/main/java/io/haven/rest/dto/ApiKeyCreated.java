package io.haven.rest.dto;

import io.haven.api.model.NewApiKey;
import java.time.Instant;

/** The answer to POST /api-keys: the only time the key is ever shown. */
public record ApiKeyCreated(long id, String name, Instant created, Instant expires, boolean readOnly, String key) {

    public static ApiKeyCreated of(NewApiKey created) {
        return new ApiKeyCreated(created.info().id(), created.info().name(), created.info().created(),
                created.info().expires(), created.info().readOnly(), created.key());
    }

    @Override
    public String toString() {
        return "ApiKeyCreated[id=" + id + ", name=" + name + ", readOnly=" + readOnly + ", key=***]";
    }
}
