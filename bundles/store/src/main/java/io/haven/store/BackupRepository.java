package io.haven.store;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.DrStatus;
import io.haven.api.model.Frozen;
import io.haven.api.model.LogEntry;
import io.haven.api.model.ScriptRun;
import io.haven.api.model.Page;
import io.haven.api.target.Artifact;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** Backup runs, their artifacts and their logs. */
public class BackupRepository {

    /** Artifact states as stored. */
    public static final String PENDING = "PENDING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String DELETED = "DELETED";

    /** Target states of a run as stored (see {@link #targetStarting}). */
    public static final String TARGET_STARTING = "STARTING";
    public static final String TARGET_STARTED = "STARTED";
    public static final String TARGET_FAILED = "FAILED";
    public static final String TARGET_REMOVED = "REMOVED";
    public static final String TARGET_SKIPPED = "SKIPPED";

    /**
     * An artifact row: what interfaces show, the SPI value that plugins need back, and the resource id of
     * the target it belongs to (of the run's target type and region; null only for rows older than V6
     * that had no resource).
     */
    public record StoredArtifact(BackupArtifact view, Artifact artifact, String targetResourceId) {
        public long id() {
            return view.id();
        }

        public String state() {
            return view.state();
        }
    }

    /**
     * The column of each sort of the list. Ended sorts by {@code ended_key}: the end time, or the largest BIGINT while
     * a backup runs (V20), the order NULLs take on Derby and PostgreSQL alike, in a column a position can compare.
     */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "started", "started_at", "ended", "ended_key", "status", "status", "policyId", "policy_id");

    /** What {@code ended_key} holds while a backup has not ended. */
    static final long NOT_ENDED = Long.MAX_VALUE;

    /**
     * A position in a sorted listing: the sort key of the last row shown (a Long, or a String for {@code status})
     * and its id. The next page starts with the first row after it.
     */
    public record Position(Object key, long id) {
        public Position {
            if (!(key instanceof Long) && !(key instanceof String)) {
                throw new IllegalArgumentException("A position's key is a Long or a String, was " + key);
            }
        }
    }

    /**
     * A page read from the store.
     *
     * @param items             up to the page size of rows
     * @param total             the rows of the listing, counted up to a bound
     * @param totalIsLowerBound whether the count stopped at the bound
     * @param more              whether rows follow the last item
     */
    public record Slice(List<Backup> items, long total, boolean totalIsLowerBound, boolean more) {
    }

    /** Whether the sort is one the list offers. */
    public static boolean isSort(String sort) {
        return SORT_COLUMNS.containsKey(sort);
    }

    /** The key a backup has in a sort, as a {@link Position} holds it. */
    public static Object sortKey(String sort, Backup b) {
        return switch (sort) {
            case "started" -> b.started().toEpochMilli();
            case "ended" -> b.ended() == null ? NOT_ENDED : b.ended().toEpochMilli();
            case "status" -> b.status().name();
            case "policyId" -> b.policyId();
            default -> throw new IllegalArgumentException("Not a sort of the list: " + sort);
        };
    }

    private final Database db;
    /** Log line ids, from blocks (decision 0058): no insert into backup_log may leave its id to the identity column. */
    private final IdBlockAllocator logLineIds;

    BackupRepository(Database db) {
        this.db = db;
        this.logLineIds = db.idBlocks(IdCounter.BACKUP_LOG);
    }

    /**
     * Records a new run as in progress, unless the policy already has one.
     *
     * @return the new id, or empty when a run of the policy is in progress
     */
    public Optional<Long> start(long policyId, long accountId, String policyName, BackupTrigger trigger, int attempt,
                                Instant now) {
        return start(policyId, accountId, policyName, trigger, attempt, now, null);
    }

    /**
     * Records a new run as in progress, carried by the node, unless the policy already has one.
     *
     * @param node the node that carries the run (decision 0039); null for none yet
     * @return the new id, or empty when a run of the policy is in progress
     */
    public Optional<Long> start(long policyId, long accountId, String policyName, BackupTrigger trigger, int attempt,
                                Instant now, String node) {
        return db.inTransaction(jdbc -> {
            if (jdbc.count("SELECT COUNT(*) FROM backup WHERE policy_id = ? AND status = ?", policyId,
                    BackupStatus.IN_PROGRESS) > 0) {
                return Optional.empty();
            }
            long id = IdCounter.take(jdbc, IdCounter.BACKUP, 1);
            // The backup belongs to its policy's owner, and keeps that owner after the policy is gone.
            jdbc.update("INSERT INTO backup (id, policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                            + "all_started, failed_targets, started_at, node_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            + "?, ?, ?, COALESCE((SELECT p.owner_id FROM policy p WHERE p.id = ?), " + OwnerRepository.ROOT_ID
                            + "))", id, policyId, accountId, policyName, BackupStatus.IN_PROGRESS, trigger, attempt, false,
                    0, now.toEpochMilli(), node, policyId);
            return Optional.of(id);
        });
    }

    /** What came of starting a policy's run for one due time of its schedules. */
    public enum ScheduledOutcome {
        /** Recorded as a new run. */
        STARTED,
        /** A run of the policy (of another due time, or on demand) is still in progress. */
        IN_PROGRESS,
        /** This due time was started before: by this node before a restart, or by another node. */
        ALREADY_STARTED
    }

    /** A scheduled start: its outcome, and the new run's id when it {@link ScheduledOutcome#STARTED}. */
    public record ScheduledStart(ScheduledOutcome outcome, long id) {
    }

    /**
     * A policy's run to record for one due time of its schedules.
     *
     * @param node the node that is to carry the run (decision 0039); null for none yet
     */
    public record DueRun(long policyId, long accountId, String policyName, Instant dueAt, String node) {
        public DueRun(long policyId, long accountId, String policyName, Instant dueAt) {
            this(policyId, accountId, policyName, dueAt, null);
        }
    }

    /** Due runs recorded in one transaction: a commit per hundred rather than per run. */
    static final int SCHEDULED_BATCH = 100;

    /**
     * Records the runs of many policies for their due times, each with its first log line, unless its due time was
     * started before or a run of its policy is in progress. A hundred runs share a transaction, so that a thousand
     * policies due at once cost ten commits rather than two thousand. The unique key on (policy, due time) decides
     * between racers, so a due time is started once.
     *
     * @return an outcome per run, in the order given
     */
    public List<ScheduledStart> startScheduled(List<DueRun> due, Instant now, Function<DueRun, String> logLine) {
        if (due.size() > SCHEDULED_BATCH) {
            List<ScheduledStart> outcomes = new ArrayList<>(due.size());
            for (int from = 0; from < due.size(); from += SCHEDULED_BATCH) {
                outcomes.addAll(startScheduled(due.subList(from, Math.min(due.size(), from + SCHEDULED_BATCH)), now,
                        logLine));
            }
            return outcomes;
        }
        long[] lineIds = logLineIds.next(due.size()); // before the transaction; those of runs not started are left
        try {
            return db.inTransaction(jdbc -> startScheduled(jdbc, due, now, logLine, lineIds));
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            if (due.size() == 1) {
                return List.of(new ScheduledStart(ScheduledOutcome.ALREADY_STARTED, 0));
            }
            // Another node recorded one of them meanwhile: one by one, so that the others still start.
            List<ScheduledStart> outcomes = new ArrayList<>(due.size());
            for (DueRun run : due) {
                outcomes.addAll(startScheduled(List.of(run), now, logLine));
            }
            return outcomes;
        }
    }

    /**
     * One transaction's worth: a few set-wise statements rather than four per run (which due times were started,
     * which policies are running, their ids from the counter, the new rows and their log lines as a batch each).
     */
    private static List<ScheduledStart> startScheduled(Jdbc jdbc, List<DueRun> due, Instant now,
                                                       Function<DueRun, String> logLine, long[] lineIds)
            throws SQLException {
        Object[] policyIds = due.stream().map(DueRun::policyId).distinct().toArray();
        String inPolicies = "policy_id IN (" + OwnerRepository.placeholders(policyIds.length) + ")";
        // The (policy, due time) pairs of this list that have a run: by the list's due times (usually one) and policies.
        Object[] dueTimes = due.stream().map(r -> r.dueAt().toEpochMilli()).distinct().toArray();
        String ofThisList = "SELECT id, policy_id, scheduled_for FROM backup WHERE scheduled_for IN ("
                + OwnerRepository.placeholders(dueTimes.length) + ") AND " + inPolicies;
        Object[] ofThisListParams = Stream.concat(Arrays.stream(dueTimes),
                Arrays.stream(policyIds)).toArray();
        Set<String> startedBefore = new HashSet<>(jdbc.query(ofThisList,
                rs -> rs.getLong(2) + "@" + rs.getLong(3), ofThisListParams));
        Object[] runningParams = Stream.concat(Stream.of(BackupStatus.IN_PROGRESS),
                Arrays.stream(policyIds)).toArray();
        Set<Long> running = new HashSet<>(jdbc.query("SELECT DISTINCT policy_id FROM backup WHERE "
                + "status = ? AND " + inPolicies, rs -> rs.getLong(1), runningParams));
        List<ScheduledOutcome> outcomes = new ArrayList<>(due.size());
        for (DueRun run : due) {
            if (startedBefore.contains(run.policyId() + "@" + run.dueAt().toEpochMilli())) {
                outcomes.add(ScheduledOutcome.ALREADY_STARTED);
            } else if (!running.add(run.policyId())) {
                outcomes.add(ScheduledOutcome.IN_PROGRESS); // running, or already started earlier in this list
            } else {
                outcomes.add(ScheduledOutcome.STARTED);
            }
        }
        long toStart = outcomes.stream().filter(ScheduledOutcome.STARTED::equals).count();
        // Taken last, so that the counter's row is locked only for the inserts; given back if they fail.
        long nextId = toStart == 0 ? 0 : IdCounter.take(jdbc, IdCounter.BACKUP, toStart);
        List<Object[]> rows = new ArrayList<>();
        List<ScheduledStart> starts = new ArrayList<>(due.size());
        List<Object[]> logLines = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            DueRun run = due.get(i);
            if (outcomes.get(i) != ScheduledOutcome.STARTED) {
                starts.add(new ScheduledStart(outcomes.get(i), 0));
                continue;
            }
            long id = nextId++;
            rows.add(new Object[] {id, run.policyId(), run.accountId(), run.policyName(), BackupStatus.IN_PROGRESS,
                    BackupTrigger.SCHEDULE, 1, false, 0, now.toEpochMilli(), run.dueAt().toEpochMilli(), run.node(),
                    run.policyId()});
            starts.add(new ScheduledStart(ScheduledOutcome.STARTED, id));
            logLines.add(new Object[] {lineIds[i], id, now.toEpochMilli(), LogEntry.Level.INFO,
                    truncate(logLine.apply(run), 2000)});
        }
        jdbc.batch("INSERT INTO backup (id, policy_id, account_id, policy_name, status, trigger_kind, attempt, "
                + "all_started, failed_targets, started_at, scheduled_for, node_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, COALESCE((SELECT p.owner_id FROM policy p WHERE p.id = ?), " + OwnerRepository.ROOT_ID
                + "))", rows);
        jdbc.batch("INSERT INTO backup_log (id, backup_id, logged_at, level, message) VALUES (?, ?, ?, ?, ?)",
                logLines);
        return starts;
    }

    /**
     * Notes that every target's backup has been started (or failed to start), so a restart knows that
     * nothing is missing.
     */
    public void markAllStarted(long id, int failedTargets) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET all_started = ?, failed_targets = ? WHERE id = ?",
                true, failedTargets, id));
    }

    /** How many targets could not be started; meaningful once {@link #allStarted} is true. */
    public int failedTargets(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT failed_targets FROM backup WHERE id = ?", rs -> rs.getInt(1), id))
                .orElse(0);
    }

    public boolean allStarted(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT all_started FROM backup WHERE id = ?", rs -> rs.getBoolean(1), id))
                .orElse(false);
    }

    public void finish(long id, BackupStatus status, String message, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET status = ?, message = ?, ended_at = ?, ended_key = ? "
                + "WHERE id = ?", status, truncate(message, 1000), now.toEpochMilli(), now.toEpochMilli(), id));
    }

    public Optional<Backup> get(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM backup WHERE id = ?", BackupRepository::map, id));
    }

    /** The ids of the runs in progress that the node carries, or that no node carries when it is null. */
    public List<Long> inProgressOf(String node) {
        return db.read(jdbc -> node == null
                ? jdbc.query("SELECT id FROM backup WHERE node_id IS NULL AND status = ? ORDER BY id", rs -> rs.getLong(1),
                        BackupStatus.IN_PROGRESS)
                : jdbc.query("SELECT id FROM backup WHERE node_id = ? AND status = ? ORDER BY id", rs -> rs.getLong(1),
                        node, BackupStatus.IN_PROGRESS));
    }

    /** The ids of a node's runs that are in progress or have a retry to start (null: the runs no node carries). */
    public List<Long> workOf(String node) {
        String whose = node == null ? "node_id IS NULL" : "node_id = ?";
        Object[] params = node == null ? new Object[] {BackupStatus.IN_PROGRESS}
                : new Object[] {node, BackupStatus.IN_PROGRESS};
        return db.read(jdbc -> jdbc.query("SELECT id FROM backup WHERE " + whose + " AND (status = ? OR retry_at IS NOT "
                + "NULL) ORDER BY id", rs -> rs.getLong(1), params));
    }

    /**
     * Moves a run from one node to another (from null: a run no node carries) when it is still carried by the first:
     * of two nodes claiming the same run, exactly one gets true.
     */
    public boolean claim(long id, String from, String to) {
        return db.inTransaction(jdbc -> from == null
                ? jdbc.update("UPDATE backup SET node_id = ? WHERE id = ? AND node_id IS NULL", to, id)
                : jdbc.update("UPDATE backup SET node_id = ? WHERE id = ? AND node_id = ?", to, id, from)) == 1;
    }

    /** Whether the node carries the run: a node stops working on a run that another node has taken over. */
    public boolean carriedBy(long id, String node) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup WHERE id = ? AND node_id = ?", id, node)) == 1;
    }

    public List<Backup> inProgress() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup WHERE status = ? ORDER BY id", BackupRepository::map,
                BackupStatus.IN_PROGRESS));
    }

    public Page<Backup> list(BackupQuery q) {
        return list(q, null);
    }

    /** A numbered page of the backups that belong to one of the owners (null: anyone's); the query's cursor is not read. */
    public Page<Backup> list(BackupQuery q, java.util.Collection<Long> owners) {
        Slice slice = slice(q, owners, null);
        return new Page<>(slice.items(), q.page(), q.size(), slice.total(), null, slice.totalIsLowerBound());
    }

    /**
     * A page of the backups that belong to one of the owners (null: anyone's), in the query's sort with ties broken
     * by id in the same direction: the rows after the position when one is given (keyset paging, decision 0035),
     * else the query's numbered page. The total counts the listing from its start up to {@link BackupQuery#COUNT_LIMIT}
     * rows past the page's offset (0 with a position).
     */
    public Slice slice(BackupQuery q, java.util.Collection<Long> owners, Position after) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (owners != null) {
            where.append(owners.isEmpty() ? " AND 1 = 0" : " AND owner_id IN (" + OwnerRepository.placeholders(owners.size()) + ")");
            params.addAll(owners);
        }
        if (q.policyId() != null) {
            where.append(" AND policy_id = ?");
            params.add(q.policyId());
        }
        if (q.status() != null) {
            where.append(" AND status = ?");
            params.add(q.status());
        }
        if (q.frozen() != null) {
            where.append(q.frozen() ? " AND frozen_name IS NOT NULL" : " AND frozen_name IS NULL");
        }
        if (q.text() != null && !q.text().isBlank()) {
            where.append(" AND (LOWER(frozen_name) LIKE ? ESCAPE '\\' OR LOWER(frozen_description) LIKE ? ESCAPE '\\')");
            String like = "%" + likeEscape(q.text().trim().toLowerCase(java.util.Locale.ROOT)) + "%";
            params.add(like);
            params.add(like);
        }
        String sort = q.sort() == null ? "started" : q.sort();
        String column = SORT_COLUMNS.getOrDefault(sort, "started_at");
        String direction = q.descending() ? " DESC" : " ASC";
        String order = " ORDER BY " + column + direction + ", id" + direction;
        long offset = after == null ? (long) q.page() * q.size() : 0;
        long countLimit = offset + BackupQuery.COUNT_LIMIT;
        String index = orderIndex(sort, q, owners);
        // Derby reads the hint from a comment at the end of the line (PostgreSQL ignores it); without it Derby's
        // optimizer may take a filter's index and sort every matching row for a page of 20.
        String from = " FROM backup" + (index == null ? "" : " --DERBY-PROPERTIES index = " + index + "\n");
        if (after != null && after.key() instanceof String != "status".equals(sort)) {
            throw new IllegalArgumentException("A position of the wrong kind for the sort " + sort);
        }
        // The count reads a policy's or a status's entries only; unfiltered, Derby counts the owner index by itself.
        String countIndex = q.policyId() != null ? "backup_policy_asc" : q.status() != null ? "backup_status_asc" : null;
        String countFrom = " FROM backup" + (countIndex == null ? "" : " --DERBY-PROPERTIES index = " + countIndex + "\n");
        String beyond = q.descending() ? " < ?" : " > ?";
        List<Object> countParams = new ArrayList<>(params);
        countParams.add(countLimit + 1);
        int wanted = q.size() + 1;
        return db.read(jdbc -> {
            List<Backup> rows = new ArrayList<>();
            if (after == null) {
                rows.addAll(jdbc.query("SELECT *" + from + where + order + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                        BackupRepository::map, with(params, offset, wanted)));
            } else {
                // The rows after a position, in two index ranges: first those that tie with it on the sort key
                // (col = k AND id beyond i: the index's start key is (k, i)), then those beyond the key
                // (col beyond k). One range "col >= k AND (col > k OR id > i)" would start at k and step over every
                // tie before i, thousands of rows for a status or a policy.
                rows.addAll(jdbc.query("SELECT *" + from + where + " AND " + column + " = ? AND id" + beyond + order
                        + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", BackupRepository::map,
                        with(params, after.key(), after.id(), wanted)));
                if (rows.size() < wanted) {
                    rows.addAll(jdbc.query("SELECT *" + from + where + " AND " + column + beyond + order
                            + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", BackupRepository::map,
                            with(params, after.key(), wanted - rows.size())));
                }
            }
            long counted = jdbc.count("SELECT COUNT(*) FROM (SELECT 1 AS one" + countFrom + where
                    + " FETCH FIRST ? ROWS ONLY) listed", countParams.toArray());
            boolean more = rows.size() > q.size();
            List<Backup> items = more ? rows.subList(0, q.size()) : rows;
            return new Slice(List.copyOf(items), Math.min(counted, countLimit), counted > countLimit, more);
        });
    }

    private static Object[] with(List<Object> params, Object... more) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(more));
        return all.toArray();
    }

    /**
     * The V20 index that gives the page's order while serving its filters, or null when none does (a filter on one
     * column sorted by another): then the optimizer chooses. A single owner (a user's own world, or root without
     * managed users) reads the owner's index for the start time.
     */
    static String orderIndex(String sort, BackupQuery q, java.util.Collection<Long> owners) {
        String direction = q.descending() ? "_desc" : "_asc";
        boolean policy = q.policyId() != null;
        boolean status = q.status() != null;
        return switch (sort) {
            case "started" -> policy ? "backup_policy_started" + direction : status ? "backup_status_started" + direction
                    : owners != null && owners.size() == 1 ? "backup_owner_started" + direction : "backup_started" + direction;
            case "policyId" -> status ? null : "backup_policy" + direction;
            case "status" -> policy ? null : "backup_status" + direction;
            case "ended" -> policy || status ? null : "backup_ended" + direction;
            default -> null;
        };
    }

    /** How many backups of these owners started since the time, by status (the dashboard's last day). */
    public Map<BackupStatus, Long> countByStatusSince(Instant since, java.util.Collection<Long> owners) {
        if (owners.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(since.toEpochMilli());
        params.addAll(owners);
        return db.read(jdbc -> {
            Map<BackupStatus, Long> counts = new java.util.EnumMap<>(BackupStatus.class);
            jdbc.query("SELECT status, COUNT(*) FROM backup WHERE started_at >= ? AND owner_id IN ("
                    + OwnerRepository.placeholders(owners.size()) + ") GROUP BY status", rs -> {
                        counts.put(BackupStatus.valueOf(rs.getString(1)), rs.getLong(2));
                        return null;
                    }, params.toArray());
            return counts;
        });
    }

    /** When the policy's newest successful backup that is not deleted started, if it has one. */
    public Optional<Instant> lastSuccessStarted(long policyId) {
        return db.read(jdbc -> jdbc.queryOne("SELECT MAX(started_at) FROM backup WHERE policy_id = ? AND status = ? "
                + "AND deleted_at IS NULL", rs -> {
                    long at = rs.getLong(1);
                    return rs.wasNull() ? null : Instant.ofEpochMilli(at);
                }, policyId, BackupStatus.SUCCESSFUL));
    }

    /**
     * Successful unfrozen runs of a policy that still have artifacts in AWS (or disaster-recovery copies: a copy
     * whose deletion failed is tried again), newest first.
     */
    public List<Backup> liveSuccessful(long policyId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup b WHERE policy_id = ? AND status = ? AND frozen_name IS NULL AND (EXISTS "
                        + "(SELECT 1 FROM backup_artifact a WHERE a.backup_id = b.id AND a.state <> ?) OR EXISTS "
                        + "(SELECT 1 FROM backup_copy c WHERE c.backup_id = b.id AND c.state <> ?)) "
                        + "ORDER BY started_at DESC, id DESC", BackupRepository::map, policyId, BackupStatus.SUCCESSFUL,
                DELETED, DELETED));
    }

    /** Finished unfrozen runs of a policy, of any outcome, not deleted yet, newest first. */
    public List<Backup> liveFinished(long policyId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup WHERE policy_id = ? AND status <> ? "
                + "AND frozen_name IS NULL AND deleted_at IS NULL ORDER BY started_at DESC, id DESC",
                BackupRepository::map, policyId, BackupStatus.IN_PROGRESS));
    }

    /**
     * Completed artifacts of backups not deleted yet whose details name the given fact, newest first.
     * The details are stored as text, so the match is a coarse LIKE that callers confirm.
     */
    public List<StoredArtifact> liveArtifactsWithDetail(String detail) {
        return db.read(jdbc -> jdbc.query("SELECT a.* FROM backup_artifact a JOIN backup b ON b.id = a.backup_id "
                        + "WHERE a.state = ? AND b.deleted_at IS NULL AND a.details LIKE ? ORDER BY a.created_at DESC, a.id DESC",
                BackupRepository::mapArtifact, COMPLETED, "%" + detail + "%")).stream()
                .filter(a -> a.artifact().details().containsKey(detail)).toList();
    }

    /** Records an artifact of a target that is the artifact's own resource (see the other overload). */
    public boolean addArtifact(long backupId, String targetType, Artifact a, Instant now) {
        return addArtifact(backupId, targetType, a.resourceId(), a, now);
    }

    /**
     * Records an artifact with the target it belongs to; recording the same AWS artifact twice is a no-op.
     *
     * @param targetResourceId the resource id of the run's target (of {@code targetType}) that made it
     * @return whether it was new
     */
    public boolean addArtifact(long backupId, String targetType, String targetResourceId, Artifact a, Instant now) {
        return db.inTransaction(jdbc -> {
            if (jdbc.count("SELECT COUNT(*) FROM backup_artifact WHERE aws_id = ? AND region = ?", a.id(), a.region()) > 0) {
                return false;
            }
            jdbc.insert("INSERT INTO backup_artifact (backup_id, target_type, target_resource_id, kind, aws_id, region, "
                            + "resource_id, volume_id, instance_id, device, state, details, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", backupId, targetType, targetResourceId,
                    a.kind(), a.id(), a.region(), a.resourceId(), a.detail("volumeId"), a.detail("instanceId"),
                    a.detail("device"), PENDING, Codec.encodeMap(a.details()), now.toEpochMilli());
            return true;
        });
    }

    /** Whether an artifact with this AWS id is recorded, for any backup. */
    public boolean isRecorded(String awsId, String region) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup_artifact WHERE aws_id = ? AND region = ?",
                awsId, region)) > 0;
    }

    /** One target of a run and how far its start got. */
    public record RunTarget(long targetId, String targetType, String region, String resourceId, String state) {
    }

    /**
     * Notes, before the first AWS call for it, that the run starts the target, so that a restart knows to
     * resume it and to look for what it may have made.
     *
     * @return the target's state before, empty when the run had not touched it
     */
    public Optional<String> targetStarting(long backupId, long targetId, String targetType, String region,
                                           String resourceId, Instant now) {
        return db.inTransaction(jdbc -> {
            Optional<String> before = jdbc.queryOne("SELECT state FROM backup_target WHERE backup_id = ? AND target_id = ?",
                    rs -> rs.getString(1), backupId, targetId);
            if (before.isPresent()) {
                jdbc.update("UPDATE backup_target SET state = ?, updated_at = ? WHERE backup_id = ? AND target_id = ?",
                        TARGET_STARTING, now.toEpochMilli(), backupId, targetId);
            } else {
                jdbc.insert("INSERT INTO backup_target (backup_id, target_id, target_type, region, resource_id, state, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", backupId, targetId, targetType, region, resourceId,
                        TARGET_STARTING, now.toEpochMilli());
            }
            return before;
        });
    }

    /** Records how the start of a target ended ({@link #TARGET_STARTED}, {@link #TARGET_FAILED}, ...). */
    public void targetEnded(long backupId, long targetId, String targetType, String region, String resourceId,
                            String state, Instant now) {
        db.inTransaction(jdbc -> {
            if (jdbc.update("UPDATE backup_target SET state = ?, updated_at = ? WHERE backup_id = ? AND target_id = ?",
                    state, now.toEpochMilli(), backupId, targetId) == 0) {
                jdbc.insert("INSERT INTO backup_target (backup_id, target_id, target_type, region, resource_id, state, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", backupId, targetId, targetType, region, resourceId,
                        state, now.toEpochMilli());
            }
            return null;
        });
    }

    /** The targets a run has touched, in the order it touched them. */
    public List<RunTarget> runTargets(long backupId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_target WHERE backup_id = ? ORDER BY id",
                rs -> new RunTarget(rs.getLong("target_id"), rs.getString("target_type"), rs.getString("region"),
                        rs.getString("resource_id"), rs.getString("state")), backupId));
    }

    public List<StoredArtifact> artifacts(long backupId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_artifact WHERE backup_id = ? ORDER BY id",
                BackupRepository::mapArtifact, backupId));
    }

    /** A deleted artifact keeps when it completed, so that reports still say it had succeeded, and notes when it went. */
    public void setArtifactState(long artifactId, String state, Instant now) {
        if (DELETED.equals(state)) {
            db.inTransaction(jdbc -> jdbc.update("UPDATE backup_artifact SET state = ?, deleted_at = ? WHERE id = ?",
                    state, now.toEpochMilli(), artifactId));
            return;
        }
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup_artifact SET state = ?, completed_at = ? WHERE id = ?",
                state, COMPLETED.equals(state) ? now.toEpochMilli() : null, artifactId));
    }

    public void log(long backupId, LogEntry.Level level, String message, Instant now) {
        long id = logLineIds.next();
        db.inTransaction(jdbc -> jdbc.update("INSERT INTO backup_log (id, backup_id, logged_at, level, message) "
                + "VALUES (?, ?, ?, ?, ?)", id, backupId, now.toEpochMilli(), level, truncate(message, 2000)));
    }

    public List<LogEntry> logEntries(long backupId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_log WHERE backup_id = ? ORDER BY id",
                rs -> new LogEntry(Instant.ofEpochMilli(rs.getLong("logged_at")),
                        LogEntry.Level.valueOf(rs.getString("level")), rs.getString("message")), backupId));
    }

    /** A retry that is due: the unsuccessful backup it retries, and when. */
    public record DueRetry(long backupId, long policyId, int attempt, Instant at) {
    }

    /** Records that the backup will be retried at the given time. */
    public void scheduleRetry(long backupId, Instant at) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET retry_at = ? WHERE id = ?", at.toEpochMilli(), backupId));
    }

    /**
     * Takes the backup's retry for whoever starts it: true once, false when it was taken already or
     * cancelled, so that a retry never runs twice.
     */
    public boolean claimRetry(long backupId) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET retry_at = NULL WHERE id = ? AND retry_at IS NOT NULL",
                backupId)) == 1;
    }

    /** A retry recorded for the backup and not yet started. */
    public Optional<DueRetry> dueRetry(long backupId) {
        return db.read(jdbc -> jdbc.queryOne("SELECT id, policy_id, attempt, retry_at FROM backup WHERE id = ? AND "
                + "retry_at IS NOT NULL", rs -> new DueRetry(rs.getLong("id"), rs.getLong("policy_id"),
                rs.getInt("attempt"), Instant.ofEpochMilli(rs.getLong("retry_at"))), backupId));
    }

    /** Retries recorded and not yet started, soonest first. */
    public List<DueRetry> dueRetries() {
        return db.read(jdbc -> jdbc.query("SELECT id, policy_id, attempt, retry_at FROM backup WHERE retry_at IS NOT NULL "
                + "ORDER BY retry_at", rs -> new DueRetry(rs.getLong("id"), rs.getLong("policy_id"), rs.getInt("attempt"),
                Instant.ofEpochMilli(rs.getLong("retry_at")))));
    }

    /** The AWS account a backup's artifacts live in. */
    public Optional<Long> accountId(long backupId) {
        return db.read(jdbc -> jdbc.queryOne("SELECT account_id FROM backup WHERE id = ?",
                rs -> Jdbc.nullableLong(rs, "account_id"), backupId));
    }

    /**
     * Moves a finished backup to the freezer.
     *
     * @return false when the name is already used by another frozen backup
     */
    public boolean freeze(long id, String name, String description, Instant now) {
        return db.inTransaction(jdbc -> {
            // Names are unique among live backups only; the constraint on frozen_live_name backs this check.
            if (jdbc.count("SELECT COUNT(*) FROM backup WHERE frozen_live_name = ? AND id <> ?", name, id) > 0) {
                return false;
            }
            jdbc.update("UPDATE backup SET frozen_name = ?, frozen_description = ?, frozen_at = ?, frozen_live_name = "
                    + "CASE WHEN deleted_at IS NULL THEN CAST(? AS VARCHAR(100)) END WHERE id = ?",
                    name, description, now.toEpochMilli(), name, id);
            return true;
        });
    }

    /** Notes that the backup's artifacts are gone; the record stays until {@link #purgeDeleted}. */
    public void markDeleted(long id, Instant now) {
        // A deleted frozen backup's name is free for another backup; its record still shows it.
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET deleted_at = ?, frozen_live_name = NULL "
                + "WHERE id = ? AND deleted_at IS NULL", now.toEpochMilli(), id));
    }

    /** Finished, unfrozen, undeleted backups whose policy no longer exists: their artifacts must go. */
    public List<Backup> orphans() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup b WHERE status <> ? AND frozen_name IS NULL "
                + "AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM policy p WHERE p.id = b.policy_id) "
                + "ORDER BY id", BackupRepository::map, BackupStatus.IN_PROGRESS));
    }

    /** How many of a policy's backups are not in the freezer and not deleted yet. */
    public long countUnfrozen(long policyId) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup WHERE policy_id = ? AND frozen_name IS NULL "
                + "AND deleted_at IS NULL", policyId));
    }

    public boolean hasInProgress(long policyId) {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM backup WHERE policy_id = ? AND status = ?", policyId,
                BackupStatus.IN_PROGRESS)) > 0;
    }

    /**
     * Removes the records of deleted backups (frozen ones too) created before the cut-off (guide 15.6.3 counts
     * the days from the backup's creation), with their artifacts, logs and script runs.
     *
     * @return how many records were removed
     */
    public int purgeDeleted(Instant createdBefore) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM backup WHERE deleted_at IS NOT NULL "
                + "AND started_at < ?", createdBefore.toEpochMilli()));
    }

    /**
     * Sets the backup's DR status; a deadline, when given, is when its DR gives up waiting (guide 10.1), and is
     * kept otherwise.
     */
    public void setDrStatus(long id, DrStatus status, Instant deadline) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET dr_status = ?, dr_deadline = COALESCE(?, dr_deadline) "
                + "WHERE id = ?", status, deadline == null ? null : deadline.toEpochMilli(), id));
    }

    /** Changes the DR status only from the expected one; whether it did. */
    public boolean changeDrStatus(long id, DrStatus from, DrStatus to) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE backup SET dr_status = ? WHERE id = ? AND dr_status = ?",
                to, id, from)) == 1;
    }

    /** When the backup's DR gives up waiting, if DR started for it. */
    public Optional<Instant> drDeadline(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT dr_deadline FROM backup WHERE id = ?",
                rs -> Jdbc.nullableLong(rs, "dr_deadline"), id)).map(Instant::ofEpochMilli);
    }

    /** Backups whose DR is in progress, oldest first. */
    public List<Backup> drInProgress() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup WHERE dr_status = ? ORDER BY id", BackupRepository::map,
                DrStatus.IN_PROGRESS));
    }

    /** Backups of these owners whose DR is in progress, oldest first, at most {@code limit}. */
    public List<Backup> drInProgress(java.util.Collection<Long> owners, int limit) {
        if (owners.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(DrStatus.IN_PROGRESS);
        params.addAll(owners);
        params.add(limit);
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup WHERE dr_status = ? AND owner_id IN ("
                + OwnerRepository.placeholders(owners.size()) + ") ORDER BY id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                BackupRepository::map, params.toArray()));
    }

    /**
     * The DR statuses of the policy's earlier backups for which DR was decided (not NONE), newest first: "perform
     * DR every N backups" counts the SKIPPED ones since the last that ran.
     */
    public List<DrStatus> earlierDrDecisions(long policyId, long beforeId, int limit) {
        return db.read(jdbc -> jdbc.query("SELECT dr_status FROM backup WHERE policy_id = ? AND id < ? AND dr_status <> ? "
                        + "ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> DrStatus.valueOf(rs.getString(1)), policyId, beforeId, DrStatus.NONE, limit));
    }

    /** How the policy's latest DRs ended (COMPLETED, FAILED or TIMED_OUT), newest backup first. */
    public List<DrStatus> recentDrOutcomes(long policyId, int limit) {
        return db.read(jdbc -> jdbc.query("SELECT dr_status FROM backup WHERE policy_id = ? AND dr_status IN (?, ?, ?) "
                        + "ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> DrStatus.valueOf(rs.getString(1)), policyId, DrStatus.COMPLETED, DrStatus.FAILED,
                DrStatus.TIMED_OUT, limit));
    }

    /** The statuses of a policy's finished backups, newest first. */
    public List<BackupStatus> recentOutcomes(long policyId, int limit) {
        return db.read(jdbc -> jdbc.query("SELECT status FROM backup WHERE policy_id = ? AND status <> ? "
                        + "ORDER BY started_at DESC, id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> BackupStatus.valueOf(rs.getString(1)), policyId, BackupStatus.IN_PROGRESS, limit));
    }

    public void addScriptRun(long backupId, ScriptRun run) {
        db.inTransaction(jdbc -> jdbc.insert("INSERT INTO backup_script (backup_id, phase, script, argument, outcome, "
                        + "exit_code, stderr, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", backupId,
                run.phase(), truncate(run.script(), 500), run.argument(), run.outcome(), run.exitCode(),
                truncate(run.stderr(), 16000), run.started().toEpochMilli(), run.ended().toEpochMilli()));
    }

    public List<ScriptRun> scriptRuns(long backupId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM backup_script WHERE backup_id = ? ORDER BY id",
                rs -> new ScriptRun(ScriptRun.Phase.valueOf(rs.getString("phase")), rs.getString("script"),
                        rs.getString("argument"), ScriptRun.Outcome.valueOf(rs.getString("outcome")),
                        rs.getObject("exit_code") == null ? null : rs.getInt("exit_code"),
                        rs.getString("stderr"), Instant.ofEpochMilli(rs.getLong("started_at")),
                        Instant.ofEpochMilli(rs.getLong("ended_at"))), backupId));
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Backup map(ResultSet rs) throws SQLException {
        Long ended = Jdbc.nullableLong(rs, "ended_at");
        Long deleted = Jdbc.nullableLong(rs, "deleted_at");
        return new Backup(rs.getLong("id"), rs.getLong("policy_id"), rs.getString("policy_name"),
                BackupStatus.valueOf(rs.getString("status")), BackupTrigger.valueOf(rs.getString("trigger_kind")),
                rs.getInt("attempt"), Instant.ofEpochMilli(rs.getLong("started_at")),
                ended == null ? null : Instant.ofEpochMilli(ended), rs.getString("message"), frozen(rs),
                deleted == null ? null : Instant.ofEpochMilli(deleted), DrStatus.valueOf(rs.getString("dr_status")));
    }

    private static Frozen frozen(ResultSet rs) throws SQLException {
        String name = rs.getString("frozen_name");
        return name == null ? null : new Frozen(name, rs.getString("frozen_description"),
                Instant.ofEpochMilli(rs.getLong("frozen_at")));
    }

    private static StoredArtifact mapArtifact(ResultSet rs) throws SQLException {
        Long completed = Jdbc.nullableLong(rs, "completed_at");
        BackupArtifact view = new BackupArtifact(rs.getLong("id"), rs.getLong("backup_id"), rs.getString("target_type"),
                rs.getString("kind"), rs.getString("aws_id"), rs.getString("region"), rs.getString("resource_id"),
                rs.getString("volume_id"), rs.getString("instance_id"), rs.getString("device"), rs.getString("state"),
                Instant.ofEpochMilli(rs.getLong("created_at")), completed == null ? null : Instant.ofEpochMilli(completed));
        Artifact artifact = new Artifact(view.kind(), view.awsId(), view.region(), view.resourceId(),
                Codec.decodeMap(rs.getString("details")));
        return new StoredArtifact(view, artifact, rs.getString("target_resource_id"));
    }
}
