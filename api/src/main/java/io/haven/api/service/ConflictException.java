package io.haven.api.service;

/** The request is valid but clashes with the current state (a duplicate name, a run in progress, ...). */
public class ConflictException extends HavenException {
    public ConflictException(String message) {
        super(message);
    }
}
