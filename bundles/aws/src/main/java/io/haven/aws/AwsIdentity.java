package io.haven.aws;

import java.util.Objects;

/**
 * Who Haven talks to AWS as.
 *
 * @param cacheKey    names this identity in the client cache (for example the Haven account id);
 *                    call {@link AwsClients#forget(String)} when what it stands for changes
 * @param credentials how to obtain credentials
 * @param endpoint    endpoint override such as {@code http://127.0.0.1:5000}; null means the
 *                    configured global endpoint, or real AWS when none is configured
 */
public record AwsIdentity(String cacheKey, Credentials credentials, String endpoint) {

    public AwsIdentity {
        Objects.requireNonNull(cacheKey, "cacheKey");
        Objects.requireNonNull(credentials, "credentials");
        endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
    }

    /** An identity without endpoint override. */
    public AwsIdentity(String cacheKey, Credentials credentials) {
        this(cacheKey, credentials, null);
    }
}
