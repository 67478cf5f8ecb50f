package io.haven.aws.rds;

import io.haven.api.recovery.RecoveryState;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.SourceType;

/** An RDS resource's free-text status as a {@link RecoveryState}, with AWS's reason when it failed. */
public final class RdsRecoveryStates {

    private static final String AVAILABLE = "available";
    /** Statuses from which a restored resource will not become usable without someone stepping in. */
    private static final Set<String> FAILED = Set.of("failed", "restore-error", "deleting", "insufficient-capacity",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable", "migration-failed");
    private static final int EVENT_MINUTES = 24 * 60;

    private RdsRecoveryStates() {
    }

    /**
     * @param what   for messages, for example "RDS database orders-recovered"
     * @param reason AWS's latest event about the resource, or null
     */
    public static RecoveryState of(String status, String what, String reason) {
        String normal = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (AVAILABLE.equals(normal)) {
            return RecoveryState.ready();
        }
        if (isFailed(status)) {
            return RecoveryState.failed(what + " is " + status + (reason == null ? "" : ": " + reason));
        }
        // creating, backing-up, modifying, ... or a status this code does not know yet
        return RecoveryState.pending(status);
    }

    public static boolean isFailed(String status) {
        String normal = status == null ? "" : status.toLowerCase(Locale.ROOT);
        return FAILED.contains(normal) || normal.startsWith("incompatible-");
    }

    public static RecoveryState gone(String what) {
        return RecoveryState.failed(what + " no longer exists");
    }

    /** The message of AWS's latest event about the resource, where RDS explains a failure; null when none can be read. */
    public static String latestEvent(RdsClient rds, SourceType type, String identifier) {
        try {
            return rds.describeEvents(b -> b.sourceType(type).sourceIdentifier(identifier).duration(EVENT_MINUTES))
                    .events().stream()
                    .filter(event -> event.date() != null && event.message() != null)
                    .max(Comparator.comparing(Event::date))
                    .map(Event::message)
                    .orElse(null);
        } catch (SdkException e) {
            // the reason is a courtesy: the state stands without it
            return null;
        }
    }
}
