package io.haven.store;

import io.haven.api.model.LogEntry;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Recoveries, what each created, and their logs. */
public class RecoveryRepository {

    /** Resource states as stored. */
    public static final String PENDING = "PENDING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";
    public static final String REMOVED = "REMOVED";

    private final Database db;

    RecoveryRepository(Database db) {
        this.db = db;
    }

    /**
     * How a recovery's plugin start was made (decision 0054).
     *
     * @param returned      whether the plugin's start returned (every resource requested); false after a stop cut it short
     * @param fromRegion    the region of the DR copies it recovers from, or null: the backup's own artifacts
     * @param fromAccountId the DR account holding those copies, or null: the backup's account
     */
    public record StartRecord(boolean returned, String fromRegion, Long fromAccountId) {
    }

    /** Records a recovery as in progress, its plugin start not yet returned. */
    public long start(long backupId, long policyId, String policyName, String typeId, String kind, String key,
                      String region, Map<String, String> choices, boolean otherCredentials, Instant now) {
        // A recovery belongs to its backup's owner.
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO recovery (backup_id, policy_id, policy_name, type_id, "
                        + "kind, item_key, region, status, choices, other_credentials, started_at, start_returned, owner_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, COALESCE((SELECT b.owner_id FROM backup b WHERE b.id = ?), "
                        + OwnerRepository.ROOT_ID + "))", backupId, policyId, policyName, typeId, kind, key,
                region, RecoveryStatus.IN_PROGRESS, Codec.encodeMap(choices), otherCredentials, now.toEpochMilli(),
                backupId));
    }

    public void finish(long id, RecoveryStatus status, String message, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE recovery SET status = ?, message = ?, ended_at = ? WHERE id = ?",
                status, truncate(message, 2000), now.toEpochMilli(), id));
    }

    /** Records that the recovery runs in another account than its backup's (a DR account, guide 11.5). */
    public void setAccount(long id, long accountId) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE recovery SET account_id = ? WHERE id = ?", accountId, id));
    }

    /** Records where the recovered artifacts are when they are DR copies (a region, a DR account), to resume with. */
    public void setSource(long id, String fromRegion, Long fromAccountId) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE recovery SET from_region = ?, from_account_id = ? WHERE id = ?",
                fromRegion, fromAccountId, id));
    }

    /** Records that the plugin's start returned: after a restart the recovery's resources are only polled. */
    public void startReturned(long id) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE recovery SET start_returned = TRUE WHERE id = ?", id));
    }

    public Optional<StartRecord> startRecord(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT start_returned, from_region, from_account_id FROM recovery "
                + "WHERE id = ?", rs -> new StartRecord(rs.getBoolean(1), rs.getString(2),
                Jdbc.nullableLong(rs, "from_account_id")), id));
    }

    /** The account the recovery runs in when it is not its backup's; empty: the backup's. */
    public Optional<Long> accountOf(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT account_id FROM recovery WHERE id = ? AND account_id IS NOT NULL",
                rs -> rs.getLong(1), id));
    }

    public Optional<Recovery> get(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM recovery WHERE id = ?", RecoveryRepository::map, id));
    }

    public List<Recovery> inProgress() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM recovery WHERE status = ? ORDER BY id", RecoveryRepository::map,
                RecoveryStatus.IN_PROGRESS));
    }

    /** Newest first, optionally of one backup or one policy. */
    public List<Recovery> list(Long backupId, Long policyId, int limit) {
        return list(backupId, policyId, limit, null);
    }

    /** Newest first, of one of the owners (null: anyone's), optionally of one backup or one policy. */
    public List<Recovery> list(Long backupId, Long policyId, int limit, java.util.Collection<Long> owners) {
        StringBuilder sql = new StringBuilder("SELECT * FROM recovery WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (owners != null) {
            sql.append(owners.isEmpty() ? " AND 1 = 0" : " AND owner_id IN (" + OwnerRepository.placeholders(owners.size()) + ")");
            params.addAll(owners);
        }
        if (backupId != null) {
            sql.append(" AND backup_id = ?");
            params.add(backupId);
        }
        if (policyId != null) {
            sql.append(" AND policy_id = ?");
            params.add(policyId);
        }
        sql.append(" ORDER BY started_at DESC, id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY");
        params.add(limit);
        return db.read(jdbc -> jdbc.query(sql.toString(), RecoveryRepository::map, params.toArray()));
    }

    public long addResource(long recoveryId, String kind, String awsId, String region, String state,
                            Map<String, String> details, Instant now) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO recovery_resource (recovery_id, kind, aws_id, region, "
                        + "state, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", recoveryId, kind, awsId, region,
                state, Codec.encodeMap(details), now.toEpochMilli()));
    }

    public void setResourceState(long resourceId, String state) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE recovery_resource SET state = ? WHERE id = ?", state, resourceId));
    }

    public List<RecoveredItem> resources(long recoveryId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM recovery_resource WHERE recovery_id = ? ORDER BY id",
                rs -> new RecoveredItem(rs.getLong("id"), rs.getLong("recovery_id"), rs.getString("kind"),
                        rs.getString("aws_id"), rs.getString("region"), rs.getString("state"),
                        Codec.decodeMap(rs.getString("details")), Instant.ofEpochMilli(rs.getLong("created_at"))),
                recoveryId));
    }

    public void log(long recoveryId, LogEntry.Level level, String message, Instant now) {
        db.inTransaction(jdbc -> jdbc.insert("INSERT INTO recovery_log (recovery_id, logged_at, level, message) "
                + "VALUES (?, ?, ?, ?)", recoveryId, now.toEpochMilli(), level, truncate(message, 2000)));
    }

    public List<LogEntry> logEntries(long recoveryId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM recovery_log WHERE recovery_id = ? ORDER BY id",
                rs -> new LogEntry(Instant.ofEpochMilli(rs.getLong("logged_at")),
                        LogEntry.Level.valueOf(rs.getString("level")), rs.getString("message")), recoveryId));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Recovery map(ResultSet rs) throws SQLException {
        Long ended = Jdbc.nullableLong(rs, "ended_at");
        return new Recovery(rs.getLong("id"), rs.getLong("backup_id"), rs.getLong("policy_id"),
                rs.getString("policy_name"), rs.getString("type_id"), rs.getString("kind"), rs.getString("item_key"),
                rs.getString("region"), RecoveryStatus.valueOf(rs.getString("status")),
                Codec.decodeMap(rs.getString("choices")), rs.getBoolean("other_credentials"),
                Instant.ofEpochMilli(rs.getLong("started_at")), ended == null ? null : Instant.ofEpochMilli(ended),
                rs.getString("message"));
    }
}
