package io.haven.store;

import java.sql.SQLException;

/**
 * The counters of {@code id_counter} (V29): ids that the store hands out itself instead of leaving them to an identity
 * column (decision 0058). A counter's {@code next_id} is the first id nobody has taken.
 */
final class IdCounter {

    /** Backup ids, taken in the transaction that inserts the backups: dense, also after a rollback or a crash. */
    static final String BACKUP = "backup";
    /** Log line ids, reserved in blocks by {@link IdBlockAllocator}. */
    static final String BACKUP_LOG = "backup_log";

    private IdCounter() {
    }

    /**
     * Takes {@code count} consecutive ids from the counter {@code name} in the caller's transaction, which holds the
     * counter's row locked until it ends: a rollback gives the ids back, and other takers wait for the commit.
     *
     * @return the first of the ids
     */
    static long take(Jdbc jdbc, String name, long count) throws SQLException {
        if (jdbc.update("UPDATE id_counter SET next_id = next_id + ? WHERE name = ?", count, name) != 1) {
            throw new StoreException("No id counter named " + name + " (a schema older than V29?)", null);
        }
        long next = jdbc.queryOne("SELECT next_id FROM id_counter WHERE name = ?", rs -> rs.getLong(1), name)
                .orElseThrow();
        return next - count;
    }
}
