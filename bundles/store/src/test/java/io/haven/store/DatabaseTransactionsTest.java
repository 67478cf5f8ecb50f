package io.haven.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions that lose a lock race are run again; everything else fails as it did. */
class DatabaseTransactionsTest {

    private Database db;

    @BeforeEach
    void aTableWithAnIdentityColumn() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        db = new Database(dataSource);
        db.inTransaction(jdbc -> jdbc.update("CREATE TABLE line (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "text VARCHAR(100) NOT NULL)"));
    }

    @Test
    void aTransactionThatLostALockRaceRunsAgainAndOnlyItsLastRunCounts() {
        AtomicInteger attempts = new AtomicInteger();
        long id = db.inTransaction(jdbc -> {
            long inserted = jdbc.insert("INSERT INTO line (text) VALUES (?)", "attempt " + attempts.incrementAndGet());
            if (attempts.get() == 1) {
                throw new SQLTransactionRollbackException("A lock could not be obtained", "40XL1");
            }
            return inserted;
        });

        assertThat(attempts).hasValue(2);
        List<String> kept = db.read(jdbc -> jdbc.query("SELECT text FROM line", rs -> rs.getString(1)));
        assertThat(kept).containsExactly("attempt 2");
        assertThat(id).isPositive();
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(jdbc -> {
            attempts.incrementAndGet();
            throw new SQLException("duplicate key", "23505");
        })).isInstanceOf(StoreException.class).hasMessageContaining("duplicate key");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTransactionThatKeepsLosingFailsAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> db.inTransaction(jdbc -> {
            attempts.incrementAndGet();
            throw new SQLTransactionRollbackException("deadlock", "40001");
        })).isInstanceOf(StoreException.class).hasMessageContaining("deadlock");
        assertThat(attempts).hasValue(Database.MAX_ATTEMPTS);
    }

    @Test
    void concurrentFirstInsertsIntoNewIdentityTablesAllSucceedOnDerby() throws Exception {
        // Derby allocates identity values in a nested transaction that does not wait for locks: threads
        // that insert the first rows of a table at the same moment race for it, and without the retry
        // the losers fail at once with 40XL1.
        int threads = 8;
        int tables = 20;
        for (int t = 0; t < tables; t++) {
            int table = t;
            db.inTransaction(jdbc -> jdbc.update("CREATE TABLE race" + table
                    + " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, text VARCHAR(100) NOT NULL)"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier together = new CyclicBarrier(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int table = 0; table < tables; table++) {
                        together.await(10, TimeUnit.SECONDS);
                        String sql = "INSERT INTO race" + table + " (text) VALUES (?)";
                        db.inTransaction(jdbc -> jdbc.insert(sql, "thread " + thread));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < tables; t++) {
            String sql = "SELECT COUNT(*) FROM race" + t;
            long rows = db.read(jdbc -> jdbc.count(sql));
            assertThat(rows).isEqualTo(threads);
        }
    }
}
