package io.haven.benchmarks;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.Caller;
import io.haven.api.model.Page;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.core.backup.BackupServiceImpl;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, goal 5: the backup monitor over {@code rows} backup records (system property, default 1,048,576) in an
 * embedded Derby database on disk ({@code target/monitor-benchmark-ROWS}, seeded once and reused), through
 * {@code BackupServiceImpl.list} as REST, the shell and the console call it (page, cursor check, bounded count).
 * For each scenario it prints p50 and p99 per page. Keyset: the first page, and the pages that follow a cursor from
 * the start and from the middle of the table. Baseline in the same run: numbered (OFFSET) pages at the same depths,
 * and the query before decision 0035 (OFFSET with an exact COUNT(*)) on the same database and indexes.
 * {@code -Dmeasure=false} only seeds.
 */
class BackupMonitorBenchmark {

    private static final int SIZE = 20;
    private static final Caller ROOT = Caller.of(new User(1, "root", UserType.ROOT, null));

    @Test
    void pagesOfAMillionBackups() throws Exception {
        int wanted = Integer.getInteger("rows", 1 << 20);
        int repeats = Integer.getInteger("pages", 200);
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(Path.of("target", "monitor-benchmark-" + wanted).toAbsolutePath().toString());
        dataSource.setCreateDatabase("create");
        HavenStore store = new HavenStore(dataSource);
        if (store.users().byUsername("root").isEmpty()) {
            store.users().insert("root", "$argon2id$unused", true);
        }
        long rows = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup"));
        if (rows < wanted) {
            long start = System.nanoTime();
            seed(dataSource, rows, wanted);
            rows = wanted;
            System.out.printf("BackupMonitorBenchmark: seeded %,d backups in %.0f s%n", rows, (System.nanoTime() - start) / 1e9);
        }
        if (!Boolean.parseBoolean(System.getProperty("measure", "true"))) {
            return; // seeding only, e.g. with a larger Derby page cache than the measurement should have
        }
        BackupServiceImpl backups = new BackupServiceImpl(store, null);
        long middlePage = rows / 2 / SIZE;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-62s %10s %10s %6s", "scenario (" + rows + " backups, " + SIZE + " per page)", "p50 ms",
                "p99 ms", "pages"));

        BackupQuery newest = new BackupQuery(null, null, "started", true, 0, SIZE);
        for (BackupQuery first : List.of(newest, new BackupQuery(null, null, "started", false, 0, SIZE),
                new BackupQuery(null, null, "ended", true, 0, SIZE), new BackupQuery(null, null, "status", false, 0, SIZE),
                new BackupQuery(null, null, "policyId", true, 0, SIZE),
                new BackupQuery(null, BackupStatus.FAILED, "started", true, 0, SIZE),
                new BackupQuery(7L, null, "started", true, 0, SIZE))) {
            lines.add(line("first page, " + describe(first), time(repeats, () -> backups.list(ROOT, first))));
            lines.add(line("  keyset pages after it, " + describe(first), walk(backups, first, null, repeats)));
            long listed = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup WHERE "
                    + (first.policyId() == null ? "1 = 1" : "policy_id = " + first.policyId())
                    + (first.status() == null ? "" : " AND status = '" + first.status() + "'")));
            String middle = backups.list(ROOT, new BackupQuery(first.policyId(), first.status(), first.sort(),
                    first.descending(), (int) Math.min(listed / 2 / SIZE, BackupQuery.MAX_PAGE), SIZE)).next();
            if (middle != null) {
                lines.add(line("  keyset pages from the middle, " + describe(first), walk(backups, first, middle, repeats)));
            }
        }
        int offsetRepeats = Math.max(5, repeats / 10);
        lines.add(line("numbered page 50 (OFFSET 1,000), started desc",
                time(repeats, () -> backups.list(ROOT, new BackupQuery(null, null, "started", true, 50, SIZE)))));
        lines.add(line("numbered page in the middle (OFFSET), started desc", time(offsetRepeats,
                () -> backups.list(ROOT, new BackupQuery(null, null, "started", true, (int) middlePage, SIZE)))));
        lines.add(line("before 0035: OFFSET + COUNT(*), first page, started desc",
                time(offsetRepeats, () -> before(dataSource, 0))));
        lines.add(line("before 0035: OFFSET + COUNT(*), middle page, started desc",
                time(offsetRepeats, () -> before(dataSource, middlePage * SIZE))));
        System.out.println("BackupMonitorBenchmark (" + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, heap max " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
        lines.forEach(System.out::println);
    }

    private static String describe(BackupQuery q) {
        return q.sort() + (q.descending() ? " desc" : " asc") + (q.status() == null ? "" : ", status " + q.status())
                + (q.policyId() == null ? "" : ", policy " + q.policyId());
    }

    /** Follows next from the cursor (the first page when null), timing each following page. */
    private static long[] walk(BackupServiceImpl backups, BackupQuery query, String from, int pages) {
        String cursor = from == null ? backups.list(ROOT, query).next() : from;
        long[] times = new long[pages];
        int n = 0;
        while (n < pages && cursor != null) {
            BackupQuery next = query.withCursor(cursor);
            long start = System.nanoTime();
            Page<Backup> page = backups.list(ROOT, next);
            times[n++] = System.nanoTime() - start;
            cursor = page.next();
        }
        return Arrays.copyOf(times, n);
    }

    private static long[] time(int repeats, Supplier<?> page) {
        page.get(); // prepared statements compiled and pages cached like the monitor's second look
        long[] times = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            page.get();
            times[i] = System.nanoTime() - start;
        }
        return times;
    }

    private static String line(String scenario, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        String line = String.format("%-62s %10.2f %10.2f %6d", scenario, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length);
        System.out.println("  measured: " + line.trim());
        return line;
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The page as the store read it before decision 0035: an exact count and an OFFSET. */
    private static Object before(EmbeddedDataSource dataSource, long offset) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             PreparedStatement page = c.prepareStatement("SELECT * FROM backup WHERE 1 = 1 ORDER BY started_at DESC, id DESC"
                     + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            long total;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM backup WHERE 1 = 1")) {
                rs.next();
                total = rs.getLong(1);
            }
            page.setLong(1, offset);
            page.setInt(2, SIZE);
            int read = 0;
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    read++;
                }
            }
            return total + read;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Backups of 100 policies, one started a minute apart per policy over about 19 years of hourly runs, with a
     * realistic mix of outcomes (about 5 % failed, 5 % partly successful) and start times that collide across
     * policies (ties for the sort); batches of 10,000 per transaction.
     */
    private static void seed(EmbeddedDataSource dataSource, long have, long wanted) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO backup (policy_id, account_id, policy_name, "
                    + "status, trigger_kind, attempt, all_started, failed_targets, started_at, ended_at, ended_key, "
                    + "message, owner_id, dr_status) VALUES (?, 1, ?, ?, 'SCHEDULE', 1, TRUE, 0, ?, ?, ?, ?, 1, 'NONE')")) {
                for (long i = have; i < wanted; i++) {
                    long policy = 1 + i % 100;
                    long started = 1_600_000_000_000L + (i / 100) * 3_600_000L + (i % 7) * 60_000L;
                    String status = i % 20 == 3 ? "FAILED" : i % 20 == 11 ? "PARTIALLY_SUCCESSFUL" : "SUCCESSFUL";
                    boolean running = i >= wanted - 50;
                    insert.setLong(1, policy);
                    insert.setString(2, "policy-" + policy);
                    insert.setString(3, running ? "IN_PROGRESS" : status);
                    insert.setLong(4, started);
                    if (running) {
                        insert.setNull(5, java.sql.Types.BIGINT);
                        insert.setLong(6, Long.MAX_VALUE);
                    } else {
                        insert.setLong(5, started + 90_000L + (i % 13) * 1000L);
                        insert.setLong(6, started + 90_000L + (i % 13) * 1000L);
                    }
                    insert.setString(7, running ? null : "3 snapshots");
                    insert.addBatch();
                    if ((i + 1) % 10_000 == 0) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                c.commit();
            }
        }
    }
}
