package io.haven.shell;

import io.haven.api.service.HavenException;
import io.haven.api.service.ValidationException;
import org.apache.karaf.shell.api.action.Action;

/**
 * Base of every {@code haven:} command: turns the errors the services report for bad input into one
 * clear line on the session's error stream, never a stack trace. (In a command, System.out and
 * System.err are the session's streams.)
 */
public abstract class HavenCommand implements Action {

    @Override
    public final Object execute() throws Exception {
        try {
            return run();
        } catch (ValidationException e) {
            String field = e.field();
            System.err.println("Error: " + (field == null || field.isBlank() ? "" : field + ": ") + e.getMessage());
        } catch (HavenException e) {
            System.err.println("Error: " + e.getMessage());
        }
        return null;
    }

    /** Does the command's work; throws a {@link HavenException} for anything the user should correct. */
    protected abstract Object run() throws Exception;
}
