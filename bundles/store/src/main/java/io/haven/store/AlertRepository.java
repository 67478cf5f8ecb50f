package io.haven.store;

import io.haven.api.model.Alert;
import java.time.Instant;
import java.util.List;

/** Alerts raised by Haven. */
public class AlertRepository {

    private final Database db;

    AlertRepository(Database db) {
        this.db = db;
    }

    public long raise(Long policyId, String policyName, Long backupId, String message, Instant now) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO alert (policy_id, policy_name, backup_id, message, "
                + "raised_at) VALUES (?, ?, ?, ?, ?)", policyId, policyName, backupId, message, now.toEpochMilli()));
    }

    /** The newest alerts first. */
    public List<Alert> list(int limit) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM alert ORDER BY raised_at DESC, id DESC "
                        + "OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new Alert(rs.getLong("id"), Jdbc.nullableLong(rs, "policy_id"), rs.getString("policy_name"),
                        Jdbc.nullableLong(rs, "backup_id"), rs.getString("message"),
                        Instant.ofEpochMilli(rs.getLong("raised_at"))), limit));
    }
}
