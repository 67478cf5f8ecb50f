package io.haven.api.auth;

import java.time.Instant;

/**
 * A refused sign-in. Never carries the password.
 *
 * @param time when it was refused
 * @param username the user name given (it may name no user)
 * @param address where the attempt came from (an IP address), or {@code unknown}
 * @param channel how: {@code rest}, {@code api-key} or {@code shell}
 * @param reason why it was refused
 */
public record SignInFailure(Instant time, String username, String address, String channel, Reason reason) {

    public enum Reason {
        /** The credentials proved no user. */
        REJECTED,
        /** Too many failures lately: the attempt was refused without checking the credentials. */
        THROTTLED,
        /** The API key had expired. */
        EXPIRED,
        /** The password was right but the one-time code of the user's second factor was wrong or used before (since 1.1). */
        SECOND_FACTOR
    }
}
