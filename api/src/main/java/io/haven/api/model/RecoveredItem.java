package io.haven.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * A resource a recovery created (or removed on purpose, like a temporary AMI), as recorded the moment
 * AWS returned it.
 *
 * @param state PENDING, READY, FAILED or REMOVED
 */
public record RecoveredItem(long id, long recoveryId, String kind, String awsId, String region, String state,
                            Map<String, String> details, Instant created) {
    public RecoveredItem {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
