package io.haven.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Haven's database: a DataSource plus the schema migrations that bring it to the version this code
 * expects. Migrations are SQL files {@code migrations/V<n>__<name>.sql} beside this class, applied in
 * order, each in its own transaction, and recorded in {@code schema_version} under the version its name says.
 */
public class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Migration files, in order. A new schema version appends a line here. */
    static final List<String> MIGRATIONS = List.of("V1__initial.sql", "V2__policy_options_freezer_scripts.sql",
            "V3__recoveries.sql", "V4__persisted_retries.sql", "V5__frozen_names_of_live_backups.sql",
            "V6__backup_targets.sql", "V7__api_key_expiry_and_use.sql", "V8__users_and_ownership.sql",
            "V9__alerts_and_notifications.sql", "V10__audit.sql", "V11__tag_scans.sql",
            "V12__artifact_deletion_time.sql", "V13__dr_copies.sql", "V14__resource_limits.sql",
            "V15__second_factor.sql", "V16__delegates.sql", "V17__identity_provider.sql", "V19__scheduled_runs.sql",
            "V20__backup_list_indexes.sql", "V21__node_leases.sql", "V22__cross_account_dr.sql",
            "V24__api_key_rights_and_saml_sp_key.sql", "V27__saml_sp_key_rollover.sql",
            "V28__recovery_resume.sql", "V29__id_counters.sql");

    /** How often a transaction that lost a lock race is tried in all. */
    static final int MAX_ATTEMPTS = 8;

    private final DataSource dataSource;
    /** By name; package-private so that a test can give one that does not age. */
    final Map<String, IdBlockAllocator> idBlocks = new ConcurrentHashMap<>();

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The allocator of the ids named {@code name} in {@code id_counter} (V29), one per database handle. */
    IdBlockAllocator idBlocks(String name) {
        return idBlocks.computeIfAbsent(name, n -> new IdBlockAllocator(this, n));
    }

    /** Leaves every reserved block: the rows were replaced by an import, and the counters with them. */
    void forgetReservedIds() {
        idBlocks.values().forEach(IdBlockAllocator::forget);
    }

    /** Applies the migrations the database has not seen yet. */
    public void migrate() {
        migrate(Integer.MAX_VALUE);
    }

    /** The data source, for a whole-database export or import ({@link StoreExport}). */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Applies the migrations the database has not seen yet up to and including {@code upTo}: a restored export
     * is imported at the version it was made at, and the later migrations then run over its rows.
     */
    public void migrate(int upTo) {
        keepDerbyIdsDense();
        inTransaction(jdbc -> {
            holdMigrationLock(jdbc);
            if (!jdbc.tableExists("SCHEMA_VERSION")) {
                jdbc.update("CREATE TABLE schema_version (version INT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        int current = read(jdbc -> jdbc.queryOne("SELECT MAX(version) FROM schema_version", rs -> rs.getInt(1)))
                .orElse(0);
        for (String file : MIGRATIONS) {
            int version = version(file);
            if (version <= current) {
                continue;
            }
            if (version > upTo) {
                break;
            }
            boolean applied = inTransaction(jdbc -> {
                holdMigrationLock(jdbc);
                if (jdbc.count("SELECT COUNT(*) FROM schema_version WHERE version = ?", version) > 0) {
                    return false; // another node applied it while this one waited for the lock
                }
                for (String statement : statements(load(file))) {
                    jdbc.update(statement);
                }
                jdbc.update("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", version,
                        System.currentTimeMillis());
                return true;
            });
            if (applied) {
                LOG.info("Database schema migrated to version {} ({})", version, file);
            }
        }
    }

    /** The key of the PostgreSQL advisory lock that migrations hold ("haven" in ASCII). */
    static final long MIGRATION_LOCK = 0x686176656EL;

    /**
     * Several nodes on one PostgreSQL may start at once (decision 39): each migration step holds a transaction-scoped
     * advisory lock, so that one node applies a version while the others wait, then see it applied and skip it.
     * PostgreSQL's DDL is transactional, so a step is all or nothing. Embedded Derby has one process, and no lock.
     */
    private static void holdMigrationLock(Jdbc jdbc) throws SQLException {
        if (!jdbc.isDerby()) {
            jdbc.queryOne("SELECT pg_advisory_xact_lock(?)", rs -> Boolean.TRUE, MIGRATION_LOCK);
        }
    }

    /** The version a migration file names ({@code V9__x.sql}: 9); branches add versions apart, so they may skip. */
    static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    /**
     * Derby hands out identity values in blocks of 100 and skips what is left of a block when the process dies
     * without shutting the database down, so backup ids jumped by 100 after every crash. One value at a time
     * keeps the ids users see dense. Backup ids, a thousand at a time when many policies are due, come from a
     * counter instead (decision 0058), as do log line ids; the others are made rarely enough to pay its cost. The
     * setting is kept in the database and read when an identity column is first used after a boot, which is why it
     * is set before the first migration or insert. PostgreSQL sequences already hand out one value at a time.
     */
    private void keepDerbyIdsDense() {
        inTransaction(jdbc -> {
            if (jdbc.isDerby()) {
                jdbc.update("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.language.sequence.preallocator', '1')");
            }
            return null;
        });
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws. A transaction
     * that lost a lock race is rolled back and run again, a few times: embedded Derby refuses at once an
     * insert whose identity value another transaction is allocating (SQLState 40XL1), and either database
     * may pick a transaction as a deadlock victim. Work must therefore touch nothing but the database.
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (StoreException e) {
                if (attempt >= MAX_ATTEMPTS || !(e.getCause() instanceof SQLException sql) || !lostALockRace(sql)) {
                    throw e;
                }
                LOG.debug("Transaction lost a lock race (attempt {}); running it again", attempt);
                pause(attempt);
            }
        }
    }

    /** Lock timeouts and deadlock victims: SQLState class 40 of Derby and PostgreSQL, and Derby's 40XL1/40XL2. */
    static boolean lostALockRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && List.of("40001", "40P01", "40XL1", "40XL2").contains(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            // A few milliseconds, growing and spread out, so that the racers do not meet again.
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while retrying a transaction", interrupted);
        }
    }

    private <T> T once(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Jdbc(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    /**
     * Runs read-only work that walks a large result with a cursor, once (never retried: the work hands rows on
     * as it reads them). Outside auto-commit, so that PostgreSQL honours the fetch size instead of reading the
     * whole result first; Derby reads committed rows and locks only the current one.
     */
    public <T> T stream(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                return work.run(new Jdbc(connection));
            } finally {
                connection.rollback(); // nothing was written
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(new Jdbc(connection));
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Jdbc jdbc) throws SQLException;
    }

    private static String load(String file) {
        try (InputStream in = Database.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new StoreException("Migration " + file + " is missing from the bundle", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("Cannot read migration " + file, e);
        }
    }

    /** Splits a migration into statements on ';' at line ends, dropping '--' comment lines. */
    static List<String> statements(String sql) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                result.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().trim());
        }
        return result;
    }

    static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // nothing useful to do
        }
    }
}
