package io.haven.aws.internal;

import io.haven.aws.AwsAccessException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into {@link AwsAccessException}s whose message a user can act on. */
public final class AwsErrors {

    private static final Set<String> CREDENTIAL_ERRORS = Set.of(
            "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "AccessDenied",
            "AccessDeniedException", "ExpiredToken", "ExpiredTokenException", "AuthFailure", "InvalidAccessKeyId");

    private AwsErrors() {
    }

    /**
     * @param endpoint the endpoint the call went to, for the message (e.g. {@code https://sts.us-east-1.amazonaws.com})
     */
    public static AwsAccessException translate(SdkException error, String endpoint) {
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null || service.awsErrorDetails().errorMessage() == null
                    ? service.getMessage() : service.awsErrorDetails().errorMessage();
            if ((code != null && CREDENTIAL_ERRORS.contains(code)) || service.statusCode() == 401 || service.statusCode() == 403) {
                return new AwsAccessException("The AWS credentials were rejected: " + message, error);
            }
            return new AwsAccessException("AWS refused the request (" + code + "): " + message, error);
        }
        IOException io = ioCause(error);
        if (io != null) {
            return new AwsAccessException("Cannot reach AWS endpoint " + endpoint + ": " + describe(io), error);
        }
        String message = error.getMessage();
        if (message != null && message.startsWith("Unable to load credentials")) {
            return new AwsAccessException("No AWS credentials were found: " + message, error);
        }
        return new AwsAccessException("Cannot use AWS at " + endpoint + ": " + message, error);
    }

    private static IOException ioCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static String describe(IOException io) {
        if (io instanceof ConnectException) {
            return io.getMessage() == null ? "connection refused" : io.getMessage().toLowerCase(Locale.ROOT);
        }
        if (io instanceof UnknownHostException) {
            return "unknown host " + io.getMessage();
        }
        if (io instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        return io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }
}
