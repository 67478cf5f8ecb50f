package io.haven.api.auth;

/** The identity provider's answer proves nothing. The message says why, and never holds a secret or the answer. */
public class FederatedSignInException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FederatedSignInException(String message) {
        super(message);
    }

    public FederatedSignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
