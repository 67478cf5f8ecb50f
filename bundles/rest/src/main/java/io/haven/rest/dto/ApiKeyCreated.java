package io.haven.rest.dto;

/** The answer to POST /api-keys: the only time the key is ever shown. */
public record ApiKeyCreated(String name, String key) {

    @Override
    public String toString() {
        return "ApiKeyCreated[name=" + name + ", key=***]";
    }
}
