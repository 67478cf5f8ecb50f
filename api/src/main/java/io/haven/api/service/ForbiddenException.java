package io.haven.api.service;

/**
 * The caller may see the object but not do this with it (for example a managed user creating users). An
 * object outside the caller's world is reported as a {@link NotFoundException} instead, so that its
 * existence is not revealed.
 */
public class ForbiddenException extends HavenException {
    public ForbiddenException(String message) {
        super(message);
    }
}
