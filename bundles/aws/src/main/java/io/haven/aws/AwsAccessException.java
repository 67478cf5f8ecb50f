package io.haven.aws;

/**
 * AWS could not be used with an identity: the credentials were rejected, the endpoint cannot
 * be reached, no credentials were found. The message is meant for the user.
 */
public class AwsAccessException extends RuntimeException {

    public AwsAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
