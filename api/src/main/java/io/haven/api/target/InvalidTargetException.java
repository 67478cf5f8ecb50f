package io.haven.api.target;

/** A target's options are not acceptable; {@link #field()} names the option. */
public class InvalidTargetException extends RuntimeException {
    private final String field;

    public InvalidTargetException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
