package io.haven.api.target;

/**
 * AWS refused to start a copy for now (its limit of concurrent copies into a region, throttling): core keeps the
 * copy waiting and starts it again later, instead of counting it as failed (since 1.6).
 */
public class CopyDeferredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CopyDeferredException(String message, Throwable cause) {
        super(message, cause);
    }

    public CopyDeferredException(String message) {
        super(message);
    }
}
