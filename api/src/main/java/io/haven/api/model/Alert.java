package io.haven.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a user must look at (guide 15.1): a policy that failed as many times in a row as it allows, protected
 * storage nearing its limit, a system issue. An alert stays current until what raised it is resolved (the policy
 * succeeds again, storage drops below the warning share), when it is cleared; a user may acknowledge or delete it.
 *
 * @param backupId     the backup that raised it, or null
 * @param message      the message body
 * @param raised       when it was raised
 * @param category     what kind of issue
 * @param severity     how bad
 * @param title        one line naming the issue
 * @param lastOccurred when the issue last happened (the last failure of a policy); the guide's {@code alert_time}
 * @param acknowledged when a user acknowledged it, or null
 * @param cleared      when it was resolved, or null while it is current
 */
public record Alert(long id, Long policyId, String policyName, Long backupId, String message, Instant raised,
                    AlertCategory category, AlertSeverity severity, String title, Instant lastOccurred,
                    Instant acknowledged, Instant cleared) {

    public Alert {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        lastOccurred = lastOccurred == null ? raised : lastOccurred;
        title = title == null || title.isBlank() ? message : title;
    }

    /** The shape of model 1.3: a current backup alert of a policy, else a system alert. */
    public Alert(long id, Long policyId, String policyName, Long backupId, String message, Instant raised) {
        this(id, policyId, policyName, backupId, message, raised,
                policyId == null ? AlertCategory.SYSTEM : AlertCategory.BACKUP, AlertSeverity.ERROR, null, raised,
                null, null);
    }

    /** Whether it is still current, not yet resolved. */
    public boolean current() {
        return cleared == null;
    }
}
