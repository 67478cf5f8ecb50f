package io.haven.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The rows of reports, read with a cursor and handed on one at a time, so that a report of a million
 * backups holds no more than {@link #FETCH_SIZE} rows at once. Core decides who sees what; the store
 * only answers for the owners it is given.
 */
public class ReportRepository {

    /** Rows fetched from the database per round trip. */
    public static final int FETCH_SIZE = 500;

    /**
     * Which backups a report covers.
     *
     * @param owners    the owners whose backups may appear (the caller's worlds); never empty
     * @param ownerId   only this owner's, or null
     * @param accountId only this account's, or null
     * @param policyId  only this policy's, or null
     * @param from      only backups started at or after this, or null
     * @param to        only backups started before this, or null
     */
    public record Scope(Collection<Long> owners, Long ownerId, Long accountId, Long policyId, Instant from,
                        Instant to) {
        public Scope {
            owners = List.copyOf(owners);
            if (owners.isEmpty()) {
                throw new IllegalArgumentException("A report needs at least one owner");
            }
        }
    }

    /** One backup, as the backup view report shows it. */
    public record BackupRow(long id, String user, String account, String policy, String status, String drStatus,
                            Instant started, Instant ended, int attempt, Instant deleted) {
    }

    /** One artifact with its backup's account, as the snapshot view report shows it. */
    public record SnapshotRow(long backupId, String account, String region, String kind, String resourceId,
                              String volumeId, String instanceId, String awsId, String state, Instant created,
                              Instant completed, Instant deleted) {
    }

    /** A row's destination; it may fail with the unchecked exception of its choice to stop the report. */
    @FunctionalInterface
    public interface RowSink<T> {
        void accept(T row);
    }

    /** A target of one of an owner's policies. */
    public record OwnedTarget(long ownerId, String targetType, String region, String resourceId) {
    }

    private final Database db;

    ReportRepository(Database db) {
        this.db = db;
    }

    /** The scope's backups, oldest id first. */
    public void backups(Scope scope, RowSink<BackupRow> sink) {
        List<Object> params = new ArrayList<>();
        String where = where(scope, params);
        db.stream(jdbc -> {
            jdbc.forEach("SELECT b.id, u.username, a.name AS account_name, b.policy_name, b.status, b.dr_status, b.started_at, "
                    + "b.ended_at, b.attempt, b.deleted_at FROM backup b LEFT JOIN app_user u ON u.id = b.owner_id "
                    + "LEFT JOIN account a ON a.id = b.account_id" + where + " ORDER BY b.id", FETCH_SIZE,
                    rs -> sink.accept(new BackupRow(rs.getLong("id"), rs.getString("username"),
                            rs.getString("account_name"), rs.getString("policy_name"), rs.getString("status"),
                            rs.getString("dr_status"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getInt("attempt"),
                            instant(rs, "deleted_at"))), params.toArray());
            return null;
        });
    }

    /** What a DR copy's kind is shown as: its artifact's kind and this (the guide's "EBS Copy", 15.6.2). */
    public static final String COPY_SUFFIX = "-copy";

    /**
     * The artifacts of the scope's backups, in the order they were recorded, then their disaster-recovery copies that
     * were made in AWS (the guide's "EBS Copy" rows: the kind with {@link #COPY_SUFFIX}, the copy's region and id, the
     * volume and instance of the artifact copied), in the order they were planned.
     */
    public void snapshots(Scope scope, RowSink<SnapshotRow> sink) {
        List<Object> params = new ArrayList<>();
        String where = where(scope, params);
        db.stream(jdbc -> {
            jdbc.forEach("SELECT x.backup_id, a.name AS account_name, x.region, x.kind, x.resource_id, x.volume_id, "
                    + "x.instance_id, x.aws_id, x.state, x.created_at, x.completed_at, x.deleted_at "
                    + "FROM backup_artifact x JOIN backup b ON b.id = x.backup_id "
                    + "LEFT JOIN account a ON a.id = b.account_id" + where + " ORDER BY x.id", FETCH_SIZE,
                    rs -> sink.accept(snapshotRow(rs, "")), params.toArray());
            jdbc.forEach("SELECT c.backup_id, a.name AS account_name, c.region, c.kind, c.resource_id, x.volume_id, "
                    + "x.instance_id, c.aws_id, c.state, c.created_at, c.completed_at, c.deleted_at "
                    + "FROM backup_copy c JOIN backup b ON b.id = c.backup_id "
                    + "LEFT JOIN backup_artifact x ON x.id = c.artifact_id "
                    + "LEFT JOIN account a ON a.id = b.account_id" + where + " AND c.aws_id IS NOT NULL ORDER BY c.id",
                    FETCH_SIZE, rs -> sink.accept(snapshotRow(rs, COPY_SUFFIX)), params.toArray());
            return null;
        });
    }

    private static SnapshotRow snapshotRow(java.sql.ResultSet rs, String kindSuffix) throws java.sql.SQLException {
        return new SnapshotRow(rs.getLong("backup_id"), rs.getString("account_name"), rs.getString("region"),
                rs.getString("kind") + kindSuffix, rs.getString("resource_id"), rs.getString("volume_id"),
                rs.getString("instance_id"), rs.getString("aws_id"), rs.getString("state"), instant(rs, "created_at"),
                instant(rs, "completed_at"), instant(rs, "deleted_at"));
    }

    /** How many AWS accounts the owner has added. */
    public long accountCount(long ownerId) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM account WHERE owner_id = ?", ownerId));
    }

    /** The targets of an owner's policies (a resource in two policies appears twice). */
    public List<OwnedTarget> targets(long ownerId) {
        return db.read(jdbc -> jdbc.query("SELECT p.owner_id, t.target_type, t.region, t.resource_id "
                        + "FROM policy_target t JOIN policy p ON p.id = t.policy_id WHERE p.owner_id = ?",
                rs -> new OwnedTarget(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), ownerId));
    }

    /**
     * Hands on, newest first, the details of each completed artifact of an owner's backups that names one of
     * the given details (a coarse LIKE that the sink confirms), with the target it belongs to.
     */
    public void newestDetails(long ownerId, Collection<String> detailNames,
                              RowSink<Map.Entry<OwnedTarget, Map<String, String>>> sink) {
        List<Object> params = new ArrayList<>();
        params.add(ownerId);
        StringBuilder like = new StringBuilder();
        for (String name : detailNames) {
            like.append(like.length() == 0 ? "" : " OR ").append("x.details LIKE ?");
            params.add("%" + name + "%");
        }
        db.stream(jdbc -> {
            jdbc.forEach("SELECT x.target_type, x.region, x.target_resource_id, x.details FROM backup_artifact x "
                    + "JOIN backup b ON b.id = x.backup_id WHERE b.owner_id = ? AND x.completed_at IS NOT NULL "
                    + "AND x.target_resource_id IS NOT NULL AND (" + like + ") ORDER BY x.id DESC", FETCH_SIZE,
                    rs -> sink.accept(Map.entry(new OwnedTarget(ownerId, rs.getString(1), rs.getString(2),
                            rs.getString(3)), Codec.decodeMap(rs.getString(4)))), params.toArray());
            return null;
        });
    }

    private static String where(Scope scope, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE b.owner_id IN (")
                .append(OwnerRepository.placeholders(scope.owners().size())).append(')');
        params.addAll(scope.owners());
        if (scope.ownerId() != null) {
            where.append(" AND b.owner_id = ?");
            params.add(scope.ownerId());
        }
        if (scope.accountId() != null) {
            where.append(" AND b.account_id = ?");
            params.add(scope.accountId());
        }
        if (scope.policyId() != null) {
            where.append(" AND b.policy_id = ?");
            params.add(scope.policyId());
        }
        if (scope.from() != null) {
            where.append(" AND b.started_at >= ?");
            params.add(scope.from().toEpochMilli());
        }
        if (scope.to() != null) {
            where.append(" AND b.started_at < ?");
            params.add(scope.to().toEpochMilli());
        }
        return where.toString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = Jdbc.nullableLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
