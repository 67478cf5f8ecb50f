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
        // An alert belongs to its policy's owner (or its backup's, once the policy is gone), else to root.
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO alert (policy_id, policy_name, backup_id, message, "
                + "raised_at, owner_id) VALUES (?, ?, ?, ?, ?, COALESCE((SELECT p.owner_id FROM policy p WHERE p.id = ?), "
                + "(SELECT b.owner_id FROM backup b WHERE b.id = ?), " + OwnerRepository.ROOT_ID + "))", policyId,
                policyName, backupId, message, now.toEpochMilli(), policyId, backupId));
    }

    /** The newest alerts first. */
    public List<Alert> list(int limit) {
        return list(limit, null);
    }

    /** The newest alerts of one of the owners (null: anyone's) first. */
    public List<Alert> list(int limit, java.util.Collection<Long> owners) {
        List<Object> params = new java.util.ArrayList<>();
        String where = owners == null ? "" : owners.isEmpty() ? " WHERE 1 = 0"
                : " WHERE owner_id IN (" + OwnerRepository.placeholders(owners.size()) + ")";
        if (owners != null) {
            params.addAll(owners);
        }
        params.add(limit);
        return db.read(jdbc -> jdbc.query("SELECT * FROM alert" + where + " ORDER BY raised_at DESC, id DESC "
                        + "OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new Alert(rs.getLong("id"), Jdbc.nullableLong(rs, "policy_id"), rs.getString("policy_name"),
                        Jdbc.nullableLong(rs, "backup_id"), rs.getString("message"),
                        Instant.ofEpochMilli(rs.getLong("raised_at"))), params.toArray()));
    }
}
