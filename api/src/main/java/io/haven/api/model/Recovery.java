package io.haven.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * One recovery from a backup, as the recovery monitor shows it (guide 3.1).
 *
 * @param kind                  what was recovered: {@code instance}, {@code volume}, {@code rds-instance}, ...
 * @param key                   the recoverable's key in the backup's panel (usually the original resource id)
 * @param choices               the options as given, defaults not included
 * @param withOtherCredentials  whether access keys other than the account's were used
 * @param message               a one-line summary of what was created, or why it failed
 */
public record Recovery(long id, long backupId, long policyId, String policyName, String typeId, String kind, String key,
                       String region, RecoveryStatus status, Map<String, String> choices, boolean withOtherCredentials,
                       Instant started, Instant ended, String message) {
    public Recovery {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
    }
}
