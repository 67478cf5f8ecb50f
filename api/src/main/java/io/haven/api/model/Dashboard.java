package io.haven.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The caller's world at a glance (the console's first screen, issue 10). Every number is core's: the console
 * computes nothing.
 *
 * @param at          when it was put together
 * @param protectedResources resources held by at least one policy, counted by target type and account
 * @param lastDay     backups started in the last 24 hours, by status
 * @param openAlerts  current alerts (not cleared), acknowledged or not
 * @param running     backups in progress, newest first (at most {@link #RUNNING_LIMIT})
 * @param recovering  recoveries in progress, newest first (at most {@link #RUNNING_LIMIT})
 * @param atRisk      enabled policies whose last good backup is older than their schedules say
 * @param inDr        backups whose disaster-recovery copies are under way, oldest first (at most
 *                    {@link #RUNNING_LIMIT}) (since model 1.7)
 * @param recoveryOnly whether the node that answered is in recovery-only mode: it makes no backups (since model 1.10)
 * @since model 1.6
 */
public record Dashboard(Instant at, List<ProtectedCount> protectedResources, Map<BackupStatus, Long> lastDay,
                        long openAlerts, List<Backup> running, List<Recovery> recovering, List<RpoAtRisk> atRisk,
                        List<Backup> inDr, boolean recoveryOnly) {

    public static final int RUNNING_LIMIT = 20;

    /** A dashboard of a node in normal mode (the form of model 1.7). */
    public Dashboard(Instant at, List<ProtectedCount> protectedResources, Map<BackupStatus, Long> lastDay,
                     long openAlerts, List<Backup> running, List<Recovery> recovering, List<RpoAtRisk> atRisk,
                     List<Backup> inDr) {
        this(at, protectedResources, lastDay, openAlerts, running, recovering, atRisk, inDr, false);
    }

    /** A dashboard without DR progress (the form of model 1.6). */
    public Dashboard(Instant at, List<ProtectedCount> protectedResources, Map<BackupStatus, Long> lastDay,
                     long openAlerts, List<Backup> running, List<Recovery> recovering, List<RpoAtRisk> atRisk) {
        this(at, protectedResources, lastDay, openAlerts, running, recovering, atRisk, List.of(), false);
    }

    public Dashboard {
        inDr = inDr == null ? List.of() : List.copyOf(inDr);
        protectedResources = List.copyOf(protectedResources);
        lastDay = Map.copyOf(lastDay);
        running = List.copyOf(running);
        recovering = List.copyOf(recovering);
        atRisk = List.copyOf(atRisk);
    }

    /** Distinct resources of one target type in one account that some policy holds. */
    public record ProtectedCount(String typeId, long accountId, String accountName, long resources) {
    }

    /**
     * A policy whose recovery point is older than its schedules allow: a run was due after its last good backup,
     * and more than the grace time has passed since.
     *
     * @param lastGoodBackup when its newest successful backup started, or {@code null} if it never had one
     * @param missedRun      the first scheduled run after that (or after the policy was made) that left no good backup
     * @param targets        how many resources the policy holds
     */
    public record RpoAtRisk(long policyId, String policyName, Instant lastGoodBackup, Instant missedRun, int targets) {
    }
}
