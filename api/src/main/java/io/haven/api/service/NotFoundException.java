package io.haven.api.service;

/** The addressed object does not exist. */
public class NotFoundException extends HavenException {
    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
