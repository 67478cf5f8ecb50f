package io.haven.store;

import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alerts raised by Haven, one current alert per issue, and the users' alerts keys. */
public class AlertRepository {

    /**
     * An alert to raise.
     *
     * @param issue   what raised it ({@code policy:7}, {@code storage}): while an alert of the issue is current, raising
     *                it again updates that one instead of adding another
     * @param ownerId whose alert it is, for alerts about no policy (a tag scan of an account: the account's owner);
     *                null: the policy's owner, else the backup's, else root
     */
    public record Raise(String issue, AlertCategory category, AlertSeverity severity, Long policyId, String policyName,
                        Long backupId, String title, String message, Long ownerId) {

        /** An alert that belongs to its policy's owner (or its backup's), else to root. */
        public Raise(String issue, AlertCategory category, AlertSeverity severity, Long policyId, String policyName,
                     Long backupId, String title, String message) {
            this(issue, category, severity, policyId, policyName, backupId, title, message, null);
        }
    }

    /** The alert as it now is, and whether raising made it (rather than updating a current one). */
    public record Raised(Alert alert, boolean fresh) {
    }

    private static final String CURRENT = "cleared_at IS NULL";

    private final Database db;

    AlertRepository(Database db) {
        this.db = db;
    }

    /** Raises an alert of the issue, or, when one is current, records that it happened again (time and message). */
    public Raised raise(Raise raise, Instant now) {
        return db.inTransaction(jdbc -> {
            Optional<Long> current = jdbc.queryOne("SELECT id FROM alert WHERE issue = ? AND " + CURRENT
                    + " ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY", rs -> rs.getLong(1), raise.issue());
            if (current.isPresent()) {
                jdbc.update("UPDATE alert SET last_at = ?, message = ? WHERE id = ?", now.toEpochMilli(),
                        raise.message(), current.get());
                return new Raised(get(jdbc, current.get()).orElseThrow(), false);
            }
            // An alert belongs to the owner given, else its policy's owner (or its backup's, once the policy is
            // gone), else to root.
            long id = jdbc.insert("INSERT INTO alert (policy_id, policy_name, backup_id, message, raised_at, category, "
                            + "severity, title, issue, last_at, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + "COALESCE(CAST(? AS BIGINT), (SELECT p.owner_id FROM policy p WHERE p.id = ?), "
                            + "(SELECT b.owner_id FROM backup b WHERE b.id = ?), " + OwnerRepository.ROOT_ID + "))",
                    raise.policyId(), raise.policyName(), raise.backupId(), raise.message(), now.toEpochMilli(),
                    raise.category(), raise.severity(), raise.title(), raise.issue(), now.toEpochMilli(),
                    raise.ownerId(), raise.policyId(), raise.backupId());
            return new Raised(get(jdbc, id).orElseThrow(), true);
        });
    }

    /** Clears the current alerts of the issue; returns them as cleared. */
    public List<Alert> clear(String issue, Instant now) {
        return db.inTransaction(jdbc -> {
            List<Long> ids = jdbc.query("SELECT id FROM alert WHERE issue = ? AND " + CURRENT, rs -> rs.getLong(1), issue);
            for (long id : ids) {
                jdbc.update("UPDATE alert SET cleared_at = ? WHERE id = ?", now.toEpochMilli(), id);
            }
            return ids.stream().map(id -> uncheckedGet(jdbc, id)).toList();
        });
    }

    /** The newest alerts first, current and cleared. */
    public List<Alert> list(int limit) {
        return list(AlertScope.all(), false, limit);
    }

    /** The newest alerts of the scope first; only current ones if asked. */
    public List<Alert> list(AlertScope scope, boolean currentOnly, int limit) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM alert WHERE " + scope.condition()
                + (currentOnly ? " AND " + CURRENT : "") + " ORDER BY raised_at DESC, id DESC "
                + "OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", AlertRepository::alert, limit));
    }

    public Optional<Alert> get(AlertScope scope, long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM alert WHERE id = ? AND " + scope.condition(),
                AlertRepository::alert, id));
    }

    /** Sets the acknowledgement time unless it is set; false when there is no such alert. */
    public boolean acknowledge(long id, Instant now) {
        return db.inTransaction(jdbc -> {
            jdbc.update("UPDATE alert SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
                    now.toEpochMilli(), id);
            return jdbc.count("SELECT COUNT(*) FROM alert WHERE id = ?", id) > 0;
        });
    }

    public boolean delete(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM alert WHERE id = ?", id) > 0);
    }

    /** Replaces the user's alerts key. */
    public void setKey(long userId, String keyHash, Instant now) {
        db.inTransaction(jdbc -> {
            jdbc.update("DELETE FROM alerts_key WHERE user_id = ?", userId);
            jdbc.insert("INSERT INTO alerts_key (user_id, key_hash, created_at) VALUES (?, ?, ?)", userId, keyHash,
                    now.toEpochMilli());
            return null;
        });
    }

    /** When the user's alerts key was made, if it has one. */
    public Optional<Instant> keyCreated(long userId) {
        return db.read(jdbc -> jdbc.queryOne("SELECT created_at FROM alerts_key WHERE user_id = ?",
                rs -> Instant.ofEpochMilli(rs.getLong(1)), userId));
    }

    public boolean removeKey(long userId) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM alerts_key WHERE user_id = ?", userId) > 0);
    }

    /** The user whose alerts key has this hash. */
    public Optional<Long> keyOwner(String keyHash) {
        return db.read(jdbc -> jdbc.queryOne("SELECT user_id FROM alerts_key WHERE key_hash = ?", rs -> rs.getLong(1),
                keyHash));
    }

    private static Optional<Alert> get(Jdbc jdbc, long id) throws SQLException {
        return jdbc.queryOne("SELECT * FROM alert WHERE id = ?", AlertRepository::alert, id);
    }

    private static Alert uncheckedGet(Jdbc jdbc, long id) {
        try {
            return get(jdbc, id).orElseThrow();
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong("id"), Jdbc.nullableLong(rs, "policy_id"), rs.getString("policy_name"),
                Jdbc.nullableLong(rs, "backup_id"), rs.getString("message"), Instant.ofEpochMilli(rs.getLong("raised_at")),
                AlertCategory.valueOf(rs.getString("category")), AlertSeverity.valueOf(rs.getString("severity")),
                rs.getString("title"), instant(rs, "last_at"), instant(rs, "acknowledged_at"), instant(rs, "cleared_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = Jdbc.nullableLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
