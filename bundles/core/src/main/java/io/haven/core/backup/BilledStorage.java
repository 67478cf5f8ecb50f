package io.haven.core.backup;

import io.haven.store.BackupRepository;
import io.haven.store.HavenStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Aurora cluster and DynamoDB table storage counts in 10 GiB steps (guide 4.2); a user sets how much
 * may be protected ({@code billedStorageLimitGiB}) and is warned as the total approaches it. The total
 * is the newest recorded {@code billedGiB} of every resource that a live backup holds.
 */
final class BilledStorage {

    static final String DETAIL = "billedGiB";

    /** What the check found; {@code warn} when the total has reached the warning share of the limit. */
    record Usage(long totalGiB, long limitGiB, boolean warn) {
    }

    private final HavenStore store;
    private final long limitGiB;
    private final int warningPercent;

    BilledStorage(HavenStore store, long limitGiB, int warningPercent) {
        this.store = store;
        this.limitGiB = limitGiB;
        this.warningPercent = warningPercent;
    }

    /** Empty when no limit is set. */
    java.util.Optional<Usage> check() {
        if (limitGiB <= 0) {
            return java.util.Optional.empty();
        }
        // Newest first: the first value seen for a resource is its current size.
        Map<String, Long> byResource = new HashMap<>();
        for (BackupRepository.StoredArtifact artifact : store.backups().liveArtifactsWithDetail(DETAIL)) {
            String key = artifact.view().targetType() + "/" + artifact.artifact().region() + "/"
                    + artifact.artifact().resourceId();
            byResource.computeIfAbsent(key, k -> parse(artifact.artifact().detail(DETAIL)));
        }
        long total = byResource.values().stream().mapToLong(Long::longValue).sum();
        return java.util.Optional.of(new Usage(total, limitGiB, total * 100 >= limitGiB * warningPercent));
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
