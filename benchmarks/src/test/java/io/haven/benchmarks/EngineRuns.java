package io.haven.benchmarks;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.target.CloudContext;
import io.haven.store.HavenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the benchmarks that drive the real engine over a store share: reading its runs back and waiting for them. */
final class EngineRuns {

    private EngineRuns() {
    }

    /** Waits until {@code count} runs exist and none is in progress, all successful; returns when the last ended. */
    static Instant awaitEnded(HavenStore store, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Backup> backups = allBackups(store);
            if (backups.size() >= count && backups.stream().allMatch(b -> b.status() != BackupStatus.IN_PROGRESS)) {
                long failed = backups.stream().filter(b -> b.status() != BackupStatus.SUCCESSFUL).count();
                if (failed > 0) {
                    throw new AssertionError(failed + " runs did not succeed");
                }
                return backups.stream().map(Backup::ended).max(Comparator.naturalOrder()).orElseThrow();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Runs still in progress after " + timeout);
            }
            Thread.sleep(200); // a benchmark's wait for the system under measurement, not a test's synchronisation
        }
    }

    static List<Backup> allBackups(HavenStore store) {
        List<Backup> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Backup> items = store.backups().list(new BackupQuery(null, null, "started", false, page,
                    BackupQuery.MAX_SIZE)).items();
            all.addAll(items);
            if (items.size() < BackupQuery.MAX_SIZE) {
                return all;
            }
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * The cloud context of an account of an in-memory target type: its AWS account number made from the Haven account's
     * id, and no AWS client, as the benchmarks that measure Haven's own side have no AWS.
     */
    static CloudContext context(long accountId, String region) {
        return new CloudContext() {
            @Override
            public String awsAccountId() {
                return String.format("%012d", 100_000_000_000L + accountId);
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public <C> C client(Class<C> clientType) {
                throw new UnsupportedOperationException("no AWS in this benchmark");
            }
        };
    }
}
