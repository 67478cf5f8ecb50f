package io.haven.store;

import io.haven.api.model.DrCopy;
import io.haven.api.target.Artifact;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Disaster-recovery copies of backup artifacts in other regions (guide 10). A copy is planned (WAITING) before
 * its copy call, marked STARTING just before it, and PENDING with its AWS id once AWS answered; one source
 * artifact has at most one copy per region (a unique key), so that nothing is recorded twice.
 */
public class CopyRepository {

    public static final String WAITING = "WAITING";
    public static final String STARTING = "STARTING";
    public static final String PENDING = "PENDING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String DELETED = "DELETED";

    /**
     * A copy to plan: the source artifact's row and where it goes; {@code drAccountId} is the DR account a
     * cross-account copy is made in (guide 11), null for a copy in the backup's own account.
     */
    public record Planned(long artifactId, String targetType, String kind, String sourceAwsId, String sourceRegion,
                          String region, Long drAccountId) {
        public Planned(long artifactId, String targetType, String kind, String sourceAwsId, String sourceRegion,
                       String region) {
            this(artifactId, targetType, kind, sourceAwsId, sourceRegion, region, null);
        }
    }

    /**
     * A copy row: what interfaces show, the account it lives in, and the copy as the SPI knows it (null while it
     * has no AWS id).
     */
    public record StoredCopy(DrCopy view, long accountId, Artifact copy, boolean replacesSource) {
        public StoredCopy(DrCopy view, long accountId, Artifact copy) {
            this(view, accountId, copy, false);
        }

        /** Whether the copy is in a DR account (guide 11): made by that account from the shared source. */
        public boolean crossAccount() {
            return view.crossAccount();
        }

        public long id() {
            return view.id();
        }

        public String state() {
            return view.state();
        }

        /** Whether it still waits for something: to start, or to complete. */
        public boolean open() {
            return WAITING.equals(state()) || STARTING.equals(state()) || PENDING.equals(state());
        }
    }

    private final Database db;

    CopyRepository(Database db) {
        this.db = db;
    }

    /**
     * Records the copies as WAITING, leaving out those already recorded for the artifact, account and region. A copy's
     * account is its {@link Planned#drAccountId()} when it has one, else the backup's {@code accountId}.
     *
     * @return how many were new
     */
    public int plan(long backupId, long accountId, List<Planned> copies, Instant now) {
        return db.inTransaction(jdbc -> {
            int added = 0;
            for (Planned p : copies) {
                long in = p.drAccountId() == null ? accountId : p.drAccountId();
                if (jdbc.count("SELECT COUNT(*) FROM backup_copy WHERE artifact_id = ? AND account_id = ? AND region = ?",
                        p.artifactId(), in, p.region()) > 0) {
                    continue;
                }
                jdbc.insert("INSERT INTO backup_copy (backup_id, artifact_id, account_id, target_type, kind, "
                                + "source_aws_id, source_region, region, state, created_at, cross_account) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        backupId, p.artifactId(), in, p.targetType(), p.kind(), p.sourceAwsId(),
                        p.sourceRegion(), p.region(), WAITING, now.toEpochMilli(), p.drAccountId() != null);
                added++;
            }
            return added;
        });
    }

    public List<StoredCopy> ofBackup(long backupId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_copy WHERE backup_id = ? ORDER BY id",
                CopyRepository::map, backupId));
    }

    /** Copies that wait to start or to complete, of any backup, oldest first. */
    public List<StoredCopy> open() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_copy WHERE state IN (?, ?, ?) ORDER BY id",
                CopyRepository::map, WAITING, STARTING, PENDING));
    }

    /** Copies started and not finished in the account and region: what counts against the concurrency bound. */
    public int inFlight(long accountId, String region) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup_copy WHERE account_id = ? AND region = ? "
                + "AND state IN (?, ?)", accountId, region, STARTING, PENDING)).intValue();
    }

    /**
     * Marks a WAITING copy STARTING, before its copy call.
     *
     * @return false when it was not waiting any more (deleted, timed out meanwhile)
     */
    public boolean starting(long id) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET state = ?, message = NULL WHERE id = ? AND state = ?",
                STARTING, id, WAITING)) == 1;
    }

    /** Records the copy AWS made: PENDING with its id, unless the row has already ended (deleted, timed out). */
    public boolean started(long id, Artifact copy) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET state = ?, aws_id = ?, resource_id = ?, "
                        + "details = ? WHERE id = ? AND state IN (?, ?)", PENDING, copy.id(), copy.resourceId(),
                Codec.encodeMap(copy.details()), id, WAITING, STARTING)) == 1;
    }

    /** Records the copy's AWS id whatever its state: a copy found in AWS for a row that had ended without one. */
    public void adoptLate(long id, Artifact copy) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET aws_id = ?, resource_id = ?, details = ? "
                + "WHERE id = ? AND aws_id IS NULL", copy.id(), copy.resourceId(), Codec.encodeMap(copy.details()), id));
    }

    /** Sets the state; COMPLETED notes when, DELETED notes when it went. */
    public void setState(long id, String state, String message, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET state = ?, message = ?, "
                        + "completed_at = CASE WHEN ? = 'COMPLETED' THEN ? ELSE completed_at END, "
                        + "deleted_at = CASE WHEN ? = 'DELETED' THEN ? ELSE deleted_at END WHERE id = ?",
                state, truncate(message, 2000), state, now.toEpochMilli(), state, now.toEpochMilli(), id));
    }

    /**
     * Marks a copy DELETED by the tag {@code cpm_deleted} (guide 11.3): its DR account may not delete it, so it was
     * flagged for its owner to delete.
     */
    public void deletedByTag(long id, String message, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET state = ?, message = ?, deleted_at = ?, "
                + "deleted_by_tag = TRUE WHERE id = ?", DELETED, truncate(message, 2000), now.toEpochMilli(), id));
    }

    /** Notes that the copy stands in for its source artifact, deleted because the policy keeps no originals. */
    public void replacesSource(long id) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET replaces_source = TRUE WHERE id = ?", id));
    }

    /** Notes why a WAITING copy waits, leaving it waiting. */
    public void note(long id, String message) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_copy SET message = ? WHERE id = ?", truncate(message, 2000), id));
    }

    /** Whether an AWS id is recorded as a copy in the region. */
    public boolean isRecorded(String awsId, String region) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup_copy WHERE aws_id = ? AND region = ?",
                awsId, region)) > 0;
    }

    /** Whether an AWS id is recorded as a copy in the account and region. */
    public boolean isRecorded(long accountId, String awsId, String region) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup_copy WHERE account_id = ? AND aws_id = ? "
                + "AND region = ?", accountId, awsId, region)) > 0;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static StoredCopy map(ResultSet rs) throws SQLException {
        Long completed = Jdbc.nullableLong(rs, "completed_at");
        Long deleted = Jdbc.nullableLong(rs, "deleted_at");
        DrCopy view = new DrCopy(rs.getLong("id"), rs.getLong("backup_id"), rs.getLong("artifact_id"),
                rs.getString("target_type"), rs.getString("kind"), rs.getString("source_aws_id"),
                rs.getString("source_region"), rs.getString("aws_id"), rs.getString("region"), rs.getString("state"),
                rs.getString("message"), Instant.ofEpochMilli(rs.getLong("created_at")),
                completed == null ? null : Instant.ofEpochMilli(completed),
                deleted == null ? null : Instant.ofEpochMilli(deleted), rs.getLong("account_id"),
                rs.getBoolean("cross_account"), rs.getBoolean("deleted_by_tag"));
        String details = rs.getString("details");
        Artifact copy = view.awsId() == null ? null : new Artifact(view.kind(), view.awsId(), view.region(),
                rs.getString("resource_id"), details == null ? null : Codec.decodeMap(details));
        return new StoredCopy(view, rs.getLong("account_id"), copy, rs.getBoolean("replaces_source"));
    }
}
