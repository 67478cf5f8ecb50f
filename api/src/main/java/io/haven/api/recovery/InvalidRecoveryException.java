package io.haven.api.recovery;

/** A recovery choice is not acceptable; {@link #field()} names the option. Nothing was created. */
public class InvalidRecoveryException extends RuntimeException {
    private final String field;

    public InvalidRecoveryException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
