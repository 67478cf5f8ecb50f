package io.haven.api.service;

/** Too many failed sign-ins lately, for the user or from the address: try again after {@link #retryAfterSeconds()}. */
public class TooManySignInsException extends HavenException {

    private final long retryAfterSeconds;

    public TooManySignInsException(long retryAfterSeconds) {
        super("Too many failed sign-ins; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
