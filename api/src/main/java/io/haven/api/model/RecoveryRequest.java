package io.haven.api.model;

import java.util.Map;

/**
 * What to recover from a backup and how.
 *
 * @param key         the {@link io.haven.api.recovery.Recoverable#key()} from the backup's recovery panel
 * @param choices     option name to value; absent options take the panel's defaults
 * @param credentials other access keys to recover with (guide 9.1), or null for the policy's account
 * @param region      recover from the backup's DR copies in this region (guide 10.5); null: from the backup itself
 */
public record RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials, String region) {
    public RecoveryRequest {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
    }

    public RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials) {
        this(key, choices, credentials, null);
    }
}
