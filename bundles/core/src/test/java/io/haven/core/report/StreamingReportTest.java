package io.haven.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.PolicySpec;
import io.haven.api.report.ReportFilter;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import io.haven.store.ReportRepository;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A report is streamed: rows reach the output while the database cursor is still early in the result, and the
 * result is read with a bounded fetch size. The data source counts the cursor's steps as the output receives bytes.
 */
class StreamingReportTest {

    private static final int BACKUPS = 3000;

    private final AtomicInteger rowsRead = new AtomicInteger();
    private final AtomicInteger fetchSize = new AtomicInteger(-1);

    @Test
    void rowsReachTheOutputBeforeTheQueryHasReadThemAll() throws Exception {
        HavenStore store = new HavenStore(counting(derby()));
        store.users().insert("root", "$argon2id$unused", true);
        long account = store.accounts().insert(1L, new Account(0, "acc", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null).id();
        long policy = store.policies().insert(1L, new PolicySpec("web", account, null, true, 3, List.of(), 0, 0));
        store.database().inTransaction(jdbc -> {
            for (int i = 0; i < BACKUPS; i++) {
                jdbc.update("INSERT INTO backup (policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                        + "all_started, failed_targets, started_at, owner_id) VALUES (?, ?, 'web', 'SUCCESSFUL', "
                        + "'MANUAL', 1, TRUE, 0, ?, 1)", policy, account, 1_000_000L + i);
            }
            return null;
        });
        rowsRead.set(0);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger rowsReadAtFirstByte = new AtomicInteger(-1);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                rowsReadAtFirstByte.compareAndSet(-1, rowsRead.get());
                bytes.addAndGet(len);
            }
        };

        new ReportServiceImpl(store, new io.haven.core.audit.AuditServiceImpl(store, Clock.systemUTC(), java.time.Duration.ofDays(30)), Clock.systemUTC()).backups(TestStores.ROOT, ReportFilter.all()).writeTo(out);

        assertThat(rowsRead.get()).isEqualTo(BACKUPS);
        assertThat(fetchSize.get()).isEqualTo(ReportRepository.FETCH_SIZE);
        assertThat(rowsReadAtFirstByte.get())
                .as("rows read from the cursor when the first bytes were written (of %d)", BACKUPS)
                .isBetween(1, BACKUPS / 4);
        assertThat(bytes.get()).isGreaterThan(BACKUPS * 50L);
    }

    private static DataSource derby() {
        return io.haven.testing.store.FreshDerby.dataSource();
    }

    /** Counts ResultSet.next() on the backup report's query and records the fetch size set on it. */
    private DataSource counting(DataSource real) {
        return proxy(DataSource.class, real, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, a, statement) -> m.getName().equals("prepareStatement")
                        && String.valueOf(a[0]).contains("b.policy_name, b.status")
                        ? reportStatement((PreparedStatement) statement) : statement)
                : result);
    }

    private PreparedStatement reportStatement(PreparedStatement real) {
        return proxy(PreparedStatement.class, real, (method, args, result) -> {
            if (method.getName().equals("setFetchSize")) {
                fetchSize.set((Integer) args[0]);
            }
            return method.getName().equals("executeQuery")
                    ? proxy(ResultSet.class, result, (m, a, r) -> {
                        if (m.getName().equals("next") && Boolean.TRUE.equals(r)) {
                            rowsRead.incrementAndGet();
                        }
                        return r;
                    })
                    : result;
        });
    }

    /** What to return instead of the real result of a call. */
    @FunctionalInterface
    private interface Around {
        Object after(java.lang.reflect.Method method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, Object real, Around around) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return around.after(method, args, method.invoke(real, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StreamingReportTest.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
