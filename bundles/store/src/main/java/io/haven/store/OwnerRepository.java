package io.haven.store;

import io.haven.api.model.UserDeleted;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who owns what: every account, schedule, policy, backup, recovery and alert has an owner (a user id in its
 * {@code owner_id} column). Core decides visibility from these; the store only answers.
 */
public class OwnerRepository {

    /** The kinds of owned records, by table. */
    public enum Owned {
        ACCOUNT("account"), SCHEDULE("schedule"), POLICY("policy"), BACKUP("backup"), RECOVERY("recovery"),
        ALERT("alert");

        final String table;

        Owned(String table) {
            this.table = table;
        }
    }

    /** Root's id, for rows recorded without an owner (by internal callers and tests). */
    static final String ROOT_ID = "(SELECT MIN(id) FROM app_user WHERE is_root = TRUE)";

    /** An owner parameter that falls back to root: {@code COALESCE(?, root)}. */
    static final String OWNER_OR_ROOT = "COALESCE(CAST(? AS BIGINT), " + ROOT_ID + ")";

    private final Database db;

    OwnerRepository(Database db) {
        this.db = db;
    }

    /** The owner of a record; empty when the record does not exist, 0 when it has no owner. */
    public Optional<Long> ownerOf(Owned kind, long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT owner_id FROM " + kind.table + " WHERE id = ?",
                rs -> {
                    long owner = rs.getLong(1);
                    return rs.wasNull() ? 0L : owner;
                }, id));
    }

    /** The ids of the records of a kind that belong to one of the owners. */
    public Set<Long> ownedBy(Owned kind, Collection<Long> owners) {
        if (owners.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(db.read(jdbc -> jdbc.query("SELECT id FROM " + kind.table + " WHERE owner_id IN ("
                + placeholders(owners.size()) + ")", rs -> rs.getLong(1), owners.toArray())));
    }

    /** How many records of a kind a user owns. */
    public long count(Owned kind, long owner) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM " + kind.table + " WHERE owner_id = ?", owner));
    }

    /** What {@link #deleteUserWithData} removed, and the artifacts of the user's backups that were still in AWS. */
    public record Removed(int accounts, int schedules, int policies, int backups, int recoveries, int alerts,
                          int artifactsLeftTotal, List<UserDeleted.ArtifactLeft> artifactsLeft) {
    }

    /**
     * Deletes a user and every record it owns, in one transaction: alerts, recoveries, backups (with their
     * artifacts' records, logs and scripts), policies, accounts and schedules, then the user with its API keys and delegates.
     * Nothing is done in AWS; the artifacts that were still there are returned (at most {@code maxListed}).
     *
     * @return empty when the user does not exist
     */
    public Optional<Removed> deleteUserWithData(long userId, int maxListed) {
        return db.inTransaction(jdbc -> {
            if (jdbc.count("SELECT COUNT(*) FROM app_user WHERE id = ? AND is_root = FALSE", userId) == 0) {
                return Optional.empty();
            }
            String left = " FROM backup_artifact a JOIN backup b ON b.id = a.backup_id LEFT JOIN account c ON c.id = b.account_id"
                    + " WHERE b.owner_id = ? AND a.state IN ('PENDING', 'COMPLETED')";
            int total = (int) jdbc.count("SELECT COUNT(*)" + left, userId);
            List<UserDeleted.ArtifactLeft> listed = jdbc.query("SELECT a.kind, a.aws_id, a.region, c.aws_account_id, b.id"
                    + left + " ORDER BY a.id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", rs -> new UserDeleted.ArtifactLeft(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)), userId, maxListed);
            // disaster-recovery copies in other regions are left in AWS as well
            String copiesLeft = " FROM backup_copy k JOIN backup b ON b.id = k.backup_id LEFT JOIN account c ON c.id = b.account_id"
                    + " WHERE b.owner_id = ? AND k.aws_id IS NOT NULL AND k.state <> 'DELETED'";
            total += (int) jdbc.count("SELECT COUNT(*)" + copiesLeft, userId);
            if (listed.size() < maxListed) {
                listed = new java.util.ArrayList<>(listed);
                listed.addAll(jdbc.query("SELECT k.kind, k.aws_id, k.region, c.aws_account_id, b.id" + copiesLeft
                        + " ORDER BY k.id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", rs -> new UserDeleted.ArtifactLeft(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)), userId,
                        maxListed - listed.size()));
            }
            int alerts = jdbc.update("DELETE FROM alert WHERE owner_id = ?", userId);
            int recoveries = jdbc.update("DELETE FROM recovery WHERE owner_id = ?", userId);
            int backups = jdbc.update("DELETE FROM backup WHERE owner_id = ?", userId);
            int policies = jdbc.update("DELETE FROM policy WHERE owner_id = ?", userId);
            jdbc.update("UPDATE account SET via_account_id = NULL WHERE owner_id = ?", userId);
            int accounts = jdbc.update("DELETE FROM account WHERE owner_id = ?", userId);
            int schedules = jdbc.update("DELETE FROM schedule WHERE owner_id = ?", userId);
            // Its delegates go with it (Derby allows no cascade beside the manager's self-reference)
            jdbc.update("DELETE FROM app_user WHERE delegate_of = ?", userId);
            jdbc.update("DELETE FROM app_user WHERE id = ?", userId);
            return Optional.of(new Removed(accounts, schedules, policies, backups, recoveries, alerts, total, listed));
        });
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
