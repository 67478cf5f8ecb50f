package io.haven.api.model;

import java.util.List;

/**
 * A policy's disaster-recovery settings (guide 10.1): whether its backups are copied to other regions, how often,
 * where to, and how long Haven waits for the copies (since 1.7).
 *
 * @param enabled       whether DR runs for the policy's backups
 * @param everyBackups  DR runs for one backup in this many (at least 1); the others show DR status SKIPPED
 * @param regions       the regions the backups are copied to (at least one when enabled, no duplicates)
 * @param timeoutHours  how long the copies of one backup may take before DR counts as timed out (at least 1)
 */
public record DrSettings(boolean enabled, int everyBackups, List<String> regions, int timeoutHours) {
    public static final int DEFAULT_EVERY_BACKUPS = 1;
    public static final int DEFAULT_TIMEOUT_HOURS = 24;
    public static final DrSettings DISABLED = new DrSettings(false, DEFAULT_EVERY_BACKUPS, List.of(),
            DEFAULT_TIMEOUT_HOURS);

    public DrSettings {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }
}
