package io.haven.api.target;

/** The resource a target names does not exist (any more) in AWS. */
public class TargetNotFoundException extends RuntimeException {
    public TargetNotFoundException(String message) {
        super(message);
    }
}
