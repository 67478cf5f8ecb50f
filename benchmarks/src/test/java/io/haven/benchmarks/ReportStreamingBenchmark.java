package io.haven.benchmarks;

import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.report.ReportFilter;
import io.haven.core.report.ReportServiceImpl;
import io.haven.store.HavenStore;
import io.haven.store.ReportRepository;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's "a million rows use constant memory": the backup view report of {@code rows} backups (system property,
 * default 1,048,576, rounded up to a power of two) from an embedded Derby database on disk
 * ({@code target/report-benchmark-ROWS}, seeded once and reused) to a stream that counts bytes. Run it with a small
 * heap ({@code -DargLine=-Xmx64m}): the report must finish; it prints the rows, bytes, time and the old
 * generation's peak (what outlived young collections). Baseline: the same rows collected into a list first, as a
 * non-streaming report would, which is expected to run out of that heap.
 */
class ReportStreamingBenchmark {

    @Test
    void aMillionRowReportInASmallHeap() throws Exception {
        int wanted = Integer.getInteger("rows", 1 << 20);
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(Path.of("target", "report-benchmark-" + wanted).toAbsolutePath().toString());
        dataSource.setCreateDatabase("create");
        HavenStore store = new HavenStore(dataSource);
        long root = store.users().byUsername("root").map(u -> u.user().id())
                .orElseGet(() -> store.users().insert("root", "$argon2id$unused", true));
        long rows = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup"));
        if (rows < wanted) {
            rows = seed(store, wanted);
        }
        Caller caller = Caller.of(new User(root, "root", UserType.ROOT, null));

        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        List<MemoryPoolMXBean> old = heap.stream().filter(p -> p.getName().contains("Old")
                || p.getName().contains("Tenured")).toList();
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
        new ReportServiceImpl(store, new io.haven.core.audit.AuditServiceImpl(store, Clock.systemUTC(), java.time.Duration.ofDays(30)), Clock.systemUTC()).backups(caller, ReportFilter.all()).writeTo(counting);
        double seconds = (System.nanoTime() - start) / 1e9;
        long oldPeak = old.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        System.out.printf("ReportStreamingBenchmark: %,d rows, %,d bytes of CSV in %.1f s; heap max %d MiB, old "
                        + "generation peak while writing %.1f MiB (%s)%n", rows, bytes[0], seconds,
                Runtime.getRuntime().maxMemory() >> 20, oldPeak / 1048576.0,
                old.stream().map(MemoryPoolMXBean::getName).toList());
        if (bytes[0] < rows * 50) {
            throw new AssertionError("The report is too short: " + bytes[0] + " bytes");
        }
        System.out.println("ReportStreamingBenchmark baseline: " + collectAll(store, root));
    }

    /** The rows held in a list before writing, as a report that does not stream would. */
    private static String collectAll(HavenStore store, long root) {
        List<ReportRepository.BackupRow> all = new ArrayList<>();
        try {
            store.reports().backups(new ReportRepository.Scope(List.of(root), null, null, null, null, null), all::add);
            return "all " + all.size() + " rows held in a list";
        } catch (OutOfMemoryError | RuntimeException e) {
            // Derby may report the heap running out as an SQLException that names the OutOfMemoryError.
            int held = all.size();
            all.clear();
            return e.getClass().getSimpleName() + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + ") after " + held + " rows held in a list";
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
