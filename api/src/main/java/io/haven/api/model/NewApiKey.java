package io.haven.api.model;

/** A key just created: the only time its secret value is seen. */
public record NewApiKey(ApiKey info, String key) {

    @Override
    public String toString() {
        return "NewApiKey[info=" + info + "]";
    }
}
