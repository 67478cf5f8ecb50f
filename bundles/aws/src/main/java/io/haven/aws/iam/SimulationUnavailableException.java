package io.haven.aws.iam;

/** IAM policy simulation cannot be used for this identity; the message says why, for the user. */
public class SimulationUnavailableException extends RuntimeException {

    public SimulationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
