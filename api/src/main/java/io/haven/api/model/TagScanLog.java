package io.haven.api.model;

import java.time.Instant;
import java.util.List;

/**
 * The log of the last tag scan of one account: what it added, removed and created, and every problem (guide 13)
 * (since 1.6).
 */
public record TagScanLog(long accountId, String accountName, Instant started, Instant ended, int tagged,
                         List<TagScanEntry> entries) {
    public TagScanLog {
        entries = List.copyOf(entries);
    }
}
