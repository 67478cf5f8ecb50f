package io.haven.shell;

import io.haven.api.service.AuditService;
import io.haven.api.service.HavenException;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every {@code haven:} command: turns the errors the services report for bad input into one
 * clear line on the session's error stream, never a stack trace, and hands each command that changes
 * something to the audit log with how it ended (decision 0023). (In a command, System.out and
 * System.err are the session's streams.)
 */
public abstract class HavenCommand implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(HavenCommand.class);

    @Reference
    AuditService audit;

    @Reference
    UserService auditedUsers;

    @Override
    public final Object execute() throws Exception {
        String outcome = "failed: unexpected error";
        try {
            Object result = run();
            outcome = AuditService.SUCCEEDED;
            return result;
        } catch (ValidationException e) {
            String field = e.field();
            String message = (field == null || field.isBlank() ? "" : field + ": ") + e.getMessage();
            System.err.println("Error: " + message);
            outcome = "failed: " + message;
        } catch (HavenException e) {
            System.err.println("Error: " + e.getMessage());
            outcome = "failed: " + e.getMessage();
        } finally {
            record(outcome);
        }
        return null;
    }

    /** Does the command's work; throws a {@link HavenException} for anything the user should correct. */
    protected abstract Object run() throws Exception;

    private void record(String outcome) {
        Command command = getClass().getAnnotation(Command.class);
        if (audit == null || command == null || CommandLine.READ_ONLY.contains(command.name())) {
            return;
        }
        try {
            audit.record(ShellUser.caller(auditedUsers), command.scope() + ":" + command.name(),
                    CommandLine.of(this, command), outcome);
        } catch (RuntimeException e) {
            // The command has done its work; a failed audit write is logged rather than shown as its failure.
            LOG.error("Could not record haven:{} in the audit log: {}", command.name(), e.toString());
        }
    }
}
