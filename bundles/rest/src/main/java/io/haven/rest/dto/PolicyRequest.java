package io.haven.rest.dto;

import io.haven.api.model.DrSettings;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import java.util.List;

/**
 * The body of POST and PUT /policies: a {@link PolicySpec} whose optional fields may be left out and
 * get their defaults here; {@code accountId} and {@code generations} are required. Name and ranges are
 * checked by the policy service.
 */
public record PolicyRequest(String name, Long accountId, String description, Boolean enabled, Integer generations,
                            List<Long> scheduleIds, Integer retries, Integer retryWaitMinutes,
                            TargetRemoval autoRemoveTargets, SuccessCriterion successCriterion,
                            Integer failuresToAlert, ScriptSettingsRequest scripts, DrSettingsRequest dr) {

    /** A request without DR settings (the form before DR). */
    public PolicyRequest(String name, Long accountId, String description, Boolean enabled, Integer generations,
                         List<Long> scheduleIds, Integer retries, Integer retryWaitMinutes,
                         TargetRemoval autoRemoveTargets, SuccessCriterion successCriterion,
                         Integer failuresToAlert, ScriptSettingsRequest scripts) {
        this(name, accountId, description, enabled, generations, scheduleIds, retries, retryWaitMinutes,
                autoRemoveTargets, successCriterion, failuresToAlert, scripts, null);
    }

    public PolicySpec toSpec() {
        return new PolicySpec(name, Required.field("accountId", accountId), description,
                enabled == null || enabled,
                Required.field("generations", generations),
                scheduleIds,
                retries == null ? PolicySpec.DEFAULT_RETRIES : retries,
                retryWaitMinutes == null ? PolicySpec.DEFAULT_RETRY_WAIT_MINUTES : retryWaitMinutes,
                autoRemoveTargets == null ? TargetRemoval.NO : autoRemoveTargets,
                successCriterion == null ? SuccessCriterion.NO_ISSUES : successCriterion,
                failuresToAlert == null ? PolicySpec.DEFAULT_FAILURES_TO_ALERT : failuresToAlert,
                scripts == null ? ScriptSettings.DISABLED : scripts.toSettings(),
                dr == null ? DrSettings.DISABLED : dr.toSettings());
    }
}
