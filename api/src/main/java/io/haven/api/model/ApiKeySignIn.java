package io.haven.api.model;

import java.util.Objects;

/**
 * A request proved by an API key: the key's user (for a delegate's key, the delegate) and the key, whose rights
 * bound what the request may do.
 *
 * @since model 1.11
 */
public record ApiKeySignIn(User user, ApiKey key) {

    public ApiKeySignIn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
    }

    /** The caller of a request made with the key. */
    public Caller caller(String address, String channel) {
        return Caller.withKey(user, key, address, channel);
    }
}
