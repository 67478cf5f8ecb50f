package io.haven.api.service;

/** Base of the errors that core services report to interfaces; the message is meant for a user. */
public class HavenException extends RuntimeException {
    public HavenException(String message) {
        super(message);
    }

    public HavenException(String message, Throwable cause) {
        super(message, cause);
    }
}
