package io.haven.store;

import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The audit log's entries (guide 16.6); what they may hold and who reads them is core's decision. */
public class AuditRepository {

    private final Database db;

    AuditRepository(Database db) {
        this.db = db;
    }

    public long insert(AuditEntry entry) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO audit_event (recorded_at, user_id, username, delegate, address, "
                        + "channel, event, operation, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.time().toEpochMilli(), entry.userId(), entry.username(), entry.delegate(), entry.address(),
                entry.channel(), entry.event(), entry.operation(), entry.outcome()));
    }

    /**
     * Newest first, at most {@code limit + 1} entries so that the caller knows whether there is more.
     *
     * @param users only entries of these users, or {@code null} for everyone's
     */
    public List<AuditEntry> list(AuditQuery q, Collection<Long> users, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (users != null) {
            where.append(users.isEmpty() ? " AND 1 = 0" : " AND user_id IN (" + OwnerRepository.placeholders(users.size()) + ")");
            params.addAll(users);
        }
        if (q.userId() != null) {
            where.append(" AND user_id = ?");
            params.add(q.userId());
        }
        if (q.from() != null) {
            where.append(" AND recorded_at >= ?");
            params.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            where.append(" AND recorded_at < ?");
            params.add(q.to().toEpochMilli());
        }
        if (q.before() != null) {
            where.append(" AND id < ?");
            params.add(q.before());
        }
        params.add(limit + 1);
        return db.read(jdbc -> jdbc.query("SELECT * FROM audit_event" + where
                + " ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", AuditRepository::map, params.toArray()));
    }

    /** Deletes the entries older than the given time; returns how many. */
    public int purgeBefore(Instant time) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM audit_event WHERE recorded_at < ?", time.toEpochMilli()));
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("recorded_at")), Jdbc.nullableLong(rs, "user_id"),
                rs.getString("username"), rs.getString("delegate"), rs.getString("address"), rs.getString("channel"),
                rs.getString("event"), rs.getString("operation"), rs.getString("outcome"));
    }
}
