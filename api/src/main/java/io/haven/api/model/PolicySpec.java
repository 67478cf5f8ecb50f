package io.haven.api.model;

import java.util.List;

/**
 * A backup policy as a user defines it (guide 4.2).
 *
 * @param accountId         the AWS account; cannot change once the policy exists
 * @param enabled           a disabled policy is not run by its schedules
 * @param generations       how many successful backups to keep (at least 1)
 * @param scheduleIds       schedules that trigger it; a schedule may serve many policies
 * @param retries           how many times a failed run is retried (default 3)
 * @param retryWaitMinutes  minutes to wait between retries
 * @param autoRemoveTargets what to do with targets whose resource no longer exists (default {@code NO})
 * @param successCriterion  when a backup counts as successful (default {@code NO_ISSUES})
 * @param failuresToAlert   how many failed runs in a row raise an alert (default 1)
 * @param scripts           backup scripts (default disabled, 30 s timeout, output ignored)
 * @param dr                disaster-recovery settings (default disabled) (since 1.7)
 */
public record PolicySpec(String name, long accountId, String description, boolean enabled, int generations,
                         List<Long> scheduleIds, int retries, int retryWaitMinutes, TargetRemoval autoRemoveTargets,
                         SuccessCriterion successCriterion, int failuresToAlert, ScriptSettings scripts,
                         DrSettings dr) {
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_RETRY_WAIT_MINUTES = 1;
    public static final int DEFAULT_FAILURES_TO_ALERT = 1;

    public PolicySpec {
        scheduleIds = scheduleIds == null ? List.of() : List.copyOf(scheduleIds);
        autoRemoveTargets = autoRemoveTargets == null ? TargetRemoval.NO : autoRemoveTargets;
        successCriterion = successCriterion == null ? SuccessCriterion.NO_ISSUES : successCriterion;
        scripts = scripts == null ? ScriptSettings.DISABLED : scripts;
        dr = dr == null ? DrSettings.DISABLED : dr;
    }

    /** A policy without disaster recovery (the form before 1.7). */
    public PolicySpec(String name, long accountId, String description, boolean enabled, int generations,
                      List<Long> scheduleIds, int retries, int retryWaitMinutes, TargetRemoval autoRemoveTargets,
                      SuccessCriterion successCriterion, int failuresToAlert, ScriptSettings scripts) {
        this(name, accountId, description, enabled, generations, scheduleIds, retries, retryWaitMinutes,
                autoRemoveTargets, successCriterion, failuresToAlert, scripts, DrSettings.DISABLED);
    }

    /** A policy with the default options. */
    public PolicySpec(String name, long accountId, String description, boolean enabled, int generations,
                      List<Long> scheduleIds, int retries, int retryWaitMinutes) {
        this(name, accountId, description, enabled, generations, scheduleIds, retries, retryWaitMinutes,
                TargetRemoval.NO, SuccessCriterion.NO_ISSUES, DEFAULT_FAILURES_TO_ALERT, ScriptSettings.DISABLED);
    }

    /** This policy with another list of schedules. */
    public PolicySpec withScheduleIds(List<Long> ids) {
        return new PolicySpec(name, accountId, description, enabled, generations, ids, retries, retryWaitMinutes,
                autoRemoveTargets, successCriterion, failuresToAlert, scripts, dr);
    }

    /** This policy with other disaster-recovery settings (since 1.7). */
    public PolicySpec withDr(DrSettings settings) {
        return new PolicySpec(name, accountId, description, enabled, generations, scheduleIds, retries,
                retryWaitMinutes, autoRemoveTargets, successCriterion, failuresToAlert, scripts, settings);
    }
}
