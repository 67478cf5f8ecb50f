package io.haven.api.model;

import java.util.Objects;

/**
 * Who asks a service for something: the signed-in user, and where the request came from. Every
 * user-facing service method takes one first, so that core alone decides what a caller may see and do
 * and what the audit records; REST, the shell and the console only build it.
 *
 * @param user    the user whose world the request acts in
 * @param address where the request came from (an IP address), or {@link #UNKNOWN_ADDRESS}
 * @param channel how it came: {@code rest}, {@code shell}, {@code console}, {@code agent} or {@code system}
 */
public record Caller(User user, String address, String channel) {

    public static final String UNKNOWN_ADDRESS = "unknown";

    public Caller {
        Objects.requireNonNull(user, "user");
        address = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        channel = channel == null || channel.isBlank() ? "system" : channel;
    }

    /** A caller whose address is not known, for tests and in-process callers. */
    public static Caller of(User user) {
        return new Caller(user, UNKNOWN_ADDRESS, "system");
    }
}
