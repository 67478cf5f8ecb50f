package io.haven.api.model;

import java.util.Map;

/**
 * What to recover from a backup and how.
 *
 * @param key         the {@link io.haven.api.recovery.Recoverable#key()} from the backup's recovery panel
 * @param choices     option name to value; absent options take the panel's defaults
 * @param credentials other access keys to recover with (guide 9.1), or null for the policy's account
 * @param region      recover from the backup's DR copies in this region (guide 10.5); null: from the backup itself
 * @param drAccountId recover from the backup's copies in its policy's DR account (guide 11.5), in {@code region} or,
 *                    when that is null, in the backup's own region; the recovery is made in the DR account (since
 *                    1.11)
 * @param targetAccountId recover in this account of the user instead of where the artifacts are (the backup's account,
 *                    or {@code drAccountId}): the artifacts are shared with it first (guide 10.5); null: where the
 *                    artifacts are (since 1.12)
 */
public record RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials, String region,
                              Long drAccountId, Long targetAccountId) {
    public RecoveryRequest {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
    }

    public RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials, String region,
                           Long drAccountId) {
        this(key, choices, credentials, region, drAccountId, null);
    }

    public RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials) {
        this(key, choices, credentials, null, null, null);
    }

    public RecoveryRequest(String key, Map<String, String> choices, RecoveryCredentials credentials, String region) {
        this(key, choices, credentials, region, null, null);
    }
}
