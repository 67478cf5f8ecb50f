package io.haven.api.service;

import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit log (guide 16.6). Core records refused sign-ins itself; the adapters (REST, the shell) record each
 * change they carry out for a caller, since only they know the operation as the user asked it. Core decides what
 * is kept (no secrets, no control characters, bounded length), for how long, and who reads it: root reads every
 * user's entries, any other user those of their own world (themselves and the users they manage).
 *
 * @since service 2.1
 */
@ProviderType
public interface AuditService {

    /** The outcome of an operation that worked. */
    String SUCCEEDED = "succeeded";

    /**
     * Records an operation done for the caller.
     *
     * @param event     the kind of operation, stable across calls (a REST method and path template, a command name)
     * @param operation the exact operation, without secrets
     * @param outcome   {@link #SUCCEEDED}, or {@code failed: } and why
     */
    void record(Caller caller, String event, String operation, String outcome);

    /**
     * Reads the log, newest first.
     *
     * @throws ValidationException naming {@code limit}, {@code from} or {@code to} for values out of range
     * @throws NotFoundException   naming the user when {@code userId} is not in the caller's view
     */
    AuditPage list(Caller caller, AuditQuery query);
}
