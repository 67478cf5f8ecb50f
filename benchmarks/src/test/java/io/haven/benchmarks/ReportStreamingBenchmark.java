package io.haven.benchmarks;

import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.report.ReportFilter;
import io.haven.core.report.ReportServiceImpl;
import io.haven.store.HavenStore;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's "a million rows use constant memory": the backup view report of {@code rows} backups (system property,
 * default 1,048,576, rounded up to a power of two) from an embedded Derby database on disk to a stream that counts
 * bytes. Run it with a small heap ({@code -DargLine=-Xmx64m}): it must finish, and it prints the heap's peak use
 * while the report was written, the rows and the bytes.
 */
class ReportStreamingBenchmark {

    @Test
    void aMillionRowReportInASmallHeap() throws Exception {
        int wanted = Integer.getInteger("rows", 1 << 20);
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(Path.of("target", "report-benchmark-" + UUID.randomUUID()).toAbsolutePath().toString());
        dataSource.setCreateDatabase("create");
        HavenStore store = new HavenStore(dataSource);
        long root = store.users().insert("root", "$argon2id$unused", true);
        long rows = seed(store, wanted);

        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] bytes = new long[1];
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        long start = System.nanoTime();
        new ReportServiceImpl(store, Clock.systemUTC())
                .backups(Caller.of(new User(root, "root", UserType.ROOT, null)), ReportFilter.all()).writeTo(counting);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        System.out.printf("ReportStreamingBenchmark: %,d rows, %,d bytes of CSV in %.1f s; heap max %d MiB, "
                        + "peak use of the heap pools while writing %d MiB%n", rows, bytes[0], seconds,
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        if (bytes[0] < rows * 50) {
            throw new AssertionError("The report is too short: " + bytes[0] + " bytes");
        }
    }

    /** One backup, then the table doubled onto itself until it holds at least the rows wanted. */
    private static long seed(HavenStore store, int wanted) {
        return store.database().inTransaction(jdbc -> {
            jdbc.update("INSERT INTO backup (policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                    + "all_started, failed_targets, started_at, ended_at, owner_id) VALUES (1, 1, 'nightly-web', "
                    + "'SUCCESSFUL', 'SCHEDULE', 1, TRUE, 0, 1780000000000, 1780000090000, "
                    + "(SELECT MIN(id) FROM app_user))");
            long count = 1;
            while (count < wanted) {
                jdbc.update("INSERT INTO backup (policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                        + "all_started, failed_targets, started_at, ended_at, owner_id) SELECT policy_id, account_id, "
                        + "policy_name, status, trigger_kind, attempt, all_started, failed_targets, started_at + id, "
                        + "ended_at + id, owner_id FROM backup");
                count *= 2;
            }
            return count;
        });
    }
}
