package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up: deletes the artifacts of backups whose policy was deleted (retried until AWS
 * agrees), and removes the records of deleted backups once they are older than the configured number
 * of days (guide 15.6.3: counted from the backup's creation; 0 removes them at the next run).
 */
final class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final HavenStore store;
    private final BackupDeletion deletion;
    private final Clock clock;
    private final Duration keepDeletedRecords;

    Housekeeping(HavenStore store, BackupDeletion deletion, Clock clock, Duration keepDeletedRecords) {
        this.store = store;
        this.deletion = deletion;
        this.clock = clock;
        this.keepDeletedRecords = keepDeletedRecords;
    }

    /** One pass; returns how many orphaned backups were fully deleted. */
    synchronized int run() {
        int cleaned = deleteOrphans();
        int purged = store.backups().purgeDeleted(clock.instant().minus(keepDeletedRecords));
        if (cleaned + purged > 0) {
            LOG.info("Housekeeping: deleted {} backups of deleted policies, removed {} records of deleted backups",
                    cleaned, purged);
        }
        return cleaned;
    }

    synchronized int deleteOrphans() {
        int cleaned = 0;
        for (Backup orphan : store.backups().orphans()) {
            if (deletion.deleteAll(orphan, "Deleted with policy " + orphan.policyName()).left() == 0) {
                cleaned++;
            }
        }
        return cleaned;
    }
}
