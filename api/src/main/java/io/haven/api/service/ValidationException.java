package io.haven.api.service;

/** Input that Haven refuses. Nothing was changed. {@link #field()} names the offending field. */
public class ValidationException extends HavenException {
    private final String field;

    public ValidationException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
