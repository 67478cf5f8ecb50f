package io.haven.rest.http;

/** A request body over {@link BodyLimit#MAX_BYTES}: answered 413. */
public class BodyTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long max) {
        super("The request body is larger than " + max + " bytes");
    }
}
