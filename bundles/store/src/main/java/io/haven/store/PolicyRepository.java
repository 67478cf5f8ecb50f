package io.haven.store;

import io.haven.api.model.DrSettings;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.target.TargetSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Policies, their schedules and their targets. */
public class PolicyRepository {

    /** A target row; availability is core's business. */
    public record StoredTarget(long id, long policyId, TargetSpec spec) {
    }

    /**
     * A target of one of a user's policies, with what it last weighed toward its type's resource limit (null: not
     * measured).
     */
    public record ProtectedTarget(long targetId, long policyId, long accountId, String type, String region,
                                  String resourceId, Long limitUse) {
        /** The resource itself: the same resource in two policies of one account is protected once. */
        public java.util.List<Object> resource() {
            return java.util.List.of(accountId, type, region, resourceId);
        }
    }

    /** A policy with when it was last recovered from (recovery drills). */
    private static final String SELECT_POLICY = "SELECT p.*, (SELECT MAX(r.started_at) FROM recovery r "
            + "WHERE r.policy_id = p.id) AS last_recovered FROM policy p";

    private final Database db;

    PolicyRepository(Database db) {
        this.db = db;
    }

    public List<Policy> list() {
        return db.read(jdbc -> {
            List<Policy> policies = jdbc.query(SELECT_POLICY + " ORDER BY p.id", rs -> map(rs, List.of()));
            // All policies' schedules in one query: the scheduler lists every policy each time one comes due.
            Map<Long, List<Long>> schedules = new HashMap<>();
            jdbc.query("SELECT policy_id, schedule_id FROM policy_schedule ORDER BY policy_id, schedule_id", rs -> {
                schedules.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getLong(2));
                return null;
            });
            return policies.stream().map(p -> withSchedules(p, schedules.getOrDefault(p.id(), List.of()))).toList();
        });
    }

    public Optional<Policy> get(long id) {
        return db.read(jdbc -> jdbc.queryOne(SELECT_POLICY + " WHERE p.id = ?", rs -> map(rs, List.of()), id)
                .map(p -> withSchedules(p, schedulesOf(jdbc, id))));
    }

    public Optional<Policy> byName(String name) {
        return db.read(jdbc -> jdbc.queryOne("SELECT id FROM policy WHERE name = ?", rs -> rs.getLong(1), name))
                .flatMap(this::get);
    }

    /** Inserts a policy owned by root. */
    public long insert(PolicySpec s) {
        return insert(null, s);
    }

    /** Inserts a policy owned by a user (null: root). */
    public long insert(Long ownerId, PolicySpec s) {
        return insert(ownerId, s, false);
    }

    /** Inserts a policy owned by a user (null: root), marked when a tag scan made it (guide 13). */
    public long insert(Long ownerId, PolicySpec s, boolean madeByTagScan) {
        return db.inTransaction(jdbc -> {
            long id = jdbc.insert("INSERT INTO policy (name, account_id, description, enabled, generations, retries, "
                            + "retry_wait_minutes, auto_remove_targets, success_criterion, failures_to_alert, "
                            + "scripts_enabled, script_timeout_seconds, scripts_collect_output, created_at, made_by_tag_scan, "
                            + "dr_enabled, dr_every_backups, dr_regions, dr_timeout_hours, dr_account_id, dr_keep_originals, "
                            + "owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + OwnerRepository.OWNER_OR_ROOT + ")",
                    s.name(), s.accountId(), s.description(), s.enabled(), s.generations(), s.retries(),
                    s.retryWaitMinutes(), s.autoRemoveTargets(), s.successCriterion(), s.failuresToAlert(),
                    s.scripts().enabled(), s.scripts().timeoutSeconds(), s.scripts().collectOutput(),
                    System.currentTimeMillis(), madeByTagScan, s.dr().enabled(), s.dr().everyBackups(),
                    String.join(",", s.dr().regions()), s.dr().timeoutHours(), s.dr().account(),
                    s.dr().keepOriginals(), ownerId);
            linkSchedules(jdbc, id, s.scheduleIds());
            return id;
        });
    }

    public boolean update(long id, PolicySpec s) {
        return db.inTransaction(jdbc -> {
            int rows = jdbc.update("UPDATE policy SET name = ?, description = ?, enabled = ?, generations = ?, "
                            + "retries = ?, retry_wait_minutes = ?, auto_remove_targets = ?, success_criterion = ?, "
                            + "failures_to_alert = ?, scripts_enabled = ?, script_timeout_seconds = ?, "
                            + "scripts_collect_output = ?, dr_enabled = ?, dr_every_backups = ?, dr_regions = ?, "
                            + "dr_timeout_hours = ?, dr_account_id = ?, dr_keep_originals = ? WHERE id = ?",
                    s.name(), s.description(), s.enabled(), s.generations(), s.retries(), s.retryWaitMinutes(),
                    s.autoRemoveTargets(), s.successCriterion(), s.failuresToAlert(), s.scripts().enabled(),
                    s.scripts().timeoutSeconds(), s.scripts().collectOutput(), s.dr().enabled(), s.dr().everyBackups(),
                    String.join(",", s.dr().regions()), s.dr().timeoutHours(), s.dr().account(),
                    s.dr().keepOriginals(), id);
            jdbc.update("DELETE FROM policy_schedule WHERE policy_id = ?", id);
            linkSchedules(jdbc, id, s.scheduleIds());
            return rows > 0;
        });
    }

    public boolean delete(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM policy WHERE id = ?", id)) > 0;
    }

    public List<StoredTarget> targets(long policyId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM policy_target WHERE policy_id = ? ORDER BY id",
                PolicyRepository::mapTarget, policyId));
    }

    /** One target of the policy, or empty when the policy has no target of that id. */
    public Optional<StoredTarget> target(long policyId, long targetId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM policy_target WHERE policy_id = ? AND id = ?",
                PolicyRepository::mapTarget, policyId, targetId)).stream().findFirst();
    }

    /** Replaces a target's options; false when the policy has no target of that id. */
    public boolean updateTargetOptions(long policyId, long targetId, Map<String, String> options) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE policy_target SET options = ? WHERE policy_id = ? AND id = ?",
                Codec.encodeMap(options), policyId, targetId)) > 0;
    }

    public StoredTarget addTarget(long policyId, TargetSpec t) {
        return addTarget(policyId, t, null);
    }

    /** @param limitUse what the target weighs toward its type's resource limit; null: not measured */
    public StoredTarget addTarget(long policyId, TargetSpec t, Long limitUse) {
        long id = db.inTransaction(jdbc -> jdbc.insert("INSERT INTO policy_target (policy_id, target_type, region, "
                + "resource_id, options, limit_use) VALUES (?, ?, ?, ?, ?, ?)", policyId, t.type(), t.region(),
                t.resourceId(), Codec.encodeMap(t.options()), limitUse));
        return new StoredTarget(id, policyId, t);
    }

    /** The targets of the policies a user owns, oldest first (by target id). */
    public List<ProtectedTarget> protectedBy(long ownerId) {
        return db.read(jdbc -> jdbc.query("SELECT t.id, t.policy_id, p.account_id, t.target_type, t.region, "
                + "t.resource_id, t.limit_use FROM policy_target t JOIN policy p ON p.id = t.policy_id "
                + "WHERE p.owner_id = ? ORDER BY t.id", rs -> new ProtectedTarget(rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.nullableLong(rs, "limit_use")),
                ownerId));
    }

    /** Records what targets weigh now toward their type's resource limit, by target id (null: not known). */
    public void setLimitUse(Map<Long, Long> useByTarget) {
        if (useByTarget.isEmpty()) {
            return;
        }
        db.inTransaction(jdbc -> {
            for (Map.Entry<Long, Long> e : useByTarget.entrySet()) {
                jdbc.update("UPDATE policy_target SET limit_use = ? WHERE id = ?", e.getValue(), e.getKey());
            }
            return null;
        });
    }

    /**
     * Which of the given policies hold resources of a type in a region, in one query: resource id to the policies'
     * names, both sorted.
     */
    public Map<String, List<String>> holders(String type, String region, java.util.Collection<Long> policyIds) {
        if (policyIds.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new java.util.ArrayList<>(List.of(type, region));
        params.addAll(policyIds);
        return db.read(jdbc -> {
            Map<String, List<String>> holders = new java.util.TreeMap<>();
            jdbc.query("SELECT t.resource_id, p.name FROM policy_target t JOIN policy p ON p.id = t.policy_id "
                    + "WHERE t.target_type = ? AND t.region = ? AND p.id IN (" + OwnerRepository.placeholders(policyIds.size())
                    + ") ORDER BY t.resource_id, p.name", rs -> {
                        holders.computeIfAbsent(rs.getString(1), id -> new java.util.ArrayList<>()).add(rs.getString(2));
                        return null;
                    }, params.toArray());
            return holders;
        });
    }

    /** Adds the targets in one transaction: all of them, or none. */
    public List<StoredTarget> addTargets(long policyId, List<TargetSpec> targets) {
        return addTargets(policyId, targets, java.util.Collections.nCopies(targets.size(), null));
    }

    /**
     * Adds the targets in one transaction: all of them, or none.
     *
     * @param limitUses what each target weighs toward its type's resource limit, in the same order; null: not measured
     */
    public List<StoredTarget> addTargets(long policyId, List<TargetSpec> targets, List<Long> limitUses) {
        return db.inTransaction(jdbc -> {
            List<StoredTarget> added = new java.util.ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                TargetSpec t = targets.get(i);
                long id = jdbc.insert("INSERT INTO policy_target (policy_id, target_type, region, resource_id, options, "
                        + "limit_use) VALUES (?, ?, ?, ?, ?, ?)", policyId, t.type(), t.region(), t.resourceId(),
                        Codec.encodeMap(t.options()), limitUses.get(i));
                added.add(new StoredTarget(id, policyId, t));
            }
            return added;
        });
    }

    /** How many targets of a type the policy holds. */
    public long countTargets(long policyId, String type) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM policy_target WHERE policy_id = ? AND target_type = ?",
                policyId, type));
    }

    public boolean removeTarget(long policyId, long targetId) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM policy_target WHERE policy_id = ? AND id = ?",
                policyId, targetId)) > 0;
    }

    private static void linkSchedules(Jdbc jdbc, long policyId, List<Long> scheduleIds) throws SQLException {
        for (Long scheduleId : scheduleIds) {
            jdbc.update("INSERT INTO policy_schedule (policy_id, schedule_id) VALUES (?, ?)", policyId, scheduleId);
        }
    }

    private static List<Long> schedulesOf(Jdbc jdbc, long policyId) {
        try {
            return jdbc.query("SELECT schedule_id FROM policy_schedule WHERE policy_id = ? ORDER BY schedule_id",
                    rs -> rs.getLong(1), policyId);
        } catch (SQLException e) {
            throw new StoreException("Database error: " + e.getMessage(), e);
        }
    }

    private static Policy withSchedules(Policy p, List<Long> scheduleIds) {
        return new Policy(p.id(), p.spec().withScheduleIds(scheduleIds), p.created(), p.lastRecovered(),
                p.madeByTagScan());
    }

    private static Policy map(ResultSet rs, List<Long> scheduleIds) throws SQLException {
        Long lastRecovered = Jdbc.nullableLong(rs, "last_recovered");
        return new Policy(rs.getLong("id"), new PolicySpec(rs.getString("name"), rs.getLong("account_id"),
                rs.getString("description"), rs.getBoolean("enabled"), rs.getInt("generations"), scheduleIds,
                rs.getInt("retries"), rs.getInt("retry_wait_minutes"),
                TargetRemoval.valueOf(rs.getString("auto_remove_targets")),
                SuccessCriterion.valueOf(rs.getString("success_criterion")), rs.getInt("failures_to_alert"),
                new ScriptSettings(rs.getBoolean("scripts_enabled"), rs.getInt("script_timeout_seconds"),
                        rs.getBoolean("scripts_collect_output")), dr(rs)), Instant.ofEpochMilli(rs.getLong("created_at")),
                lastRecovered == null ? null : Instant.ofEpochMilli(lastRecovered), rs.getBoolean("made_by_tag_scan"));
    }

    private static DrSettings dr(ResultSet rs) throws SQLException {
        String regions = rs.getString("dr_regions");
        return new DrSettings(rs.getBoolean("dr_enabled"), rs.getInt("dr_every_backups"),
                regions == null || regions.isBlank() ? List.of() : List.of(regions.split(",")),
                rs.getInt("dr_timeout_hours"), Jdbc.nullableLong(rs, "dr_account_id"), rs.getBoolean("dr_keep_originals"));
    }

    private static StoredTarget mapTarget(ResultSet rs) throws SQLException {
        return new StoredTarget(rs.getLong("id"), rs.getLong("policy_id"), new TargetSpec(rs.getString("target_type"),
                rs.getString("region"), rs.getString("resource_id"), Codec.decodeMap(rs.getString("options"))));
    }
}
