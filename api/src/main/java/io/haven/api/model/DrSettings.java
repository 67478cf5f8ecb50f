package io.haven.api.model;

import java.util.List;

/**
 * A policy's disaster-recovery settings (guide 10.1, 11): whether its backups are copied to other regions or to a DR
 * account, how often, where to, and how long Haven waits for the copies (since 1.7).
 *
 * @param enabled       whether DR runs for the policy's backups
 * @param everyBackups  DR runs for one backup in this many (at least 1); the others show DR status SKIPPED
 * @param regions       the regions the backups are copied to (no duplicates; at least one when enabled without a DR
 *                      account; with a DR account none means the backup's own regions)
 * @param timeoutHours  how long the copies of one backup may take before DR counts as timed out (at least 1)
 * @param account       cross-account DR (guide 11): Haven's id of the DR account the copies are made in, an account of
 *                      the policy's owner of type DR; null: copies stay in the policy's account (since 1.11)
 * @param keepOriginals with a DR account: whether the original snapshots stay once all their copies completed
 *                      (default true; false only with a DR account) (since 1.11)
 */
public record DrSettings(boolean enabled, int everyBackups, List<String> regions, int timeoutHours, Long account,
                         boolean keepOriginals) {
    public static final int DEFAULT_EVERY_BACKUPS = 1;
    public static final int DEFAULT_TIMEOUT_HOURS = 24;
    public static final DrSettings DISABLED = new DrSettings(false, DEFAULT_EVERY_BACKUPS, List.of(),
            DEFAULT_TIMEOUT_HOURS);

    public DrSettings {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    public DrSettings(boolean enabled, int everyBackups, List<String> regions, int timeoutHours) {
        this(enabled, everyBackups, regions, timeoutHours, null, true);
    }

    /** Whether the copies go to a DR account (guide 11). */
    public boolean crossAccount() {
        return account != null;
    }
}
