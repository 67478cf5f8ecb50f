package io.haven.rest.dto;

import io.haven.api.model.PolicySpec;
import java.util.List;

/**
 * The body of POST and PUT /policies: a {@link PolicySpec} whose optional fields may be left out.
 * {@code retries}, {@code retryWaitMinutes} and {@code enabled} get their defaults here; {@code accountId}
 * and {@code generations} are required. Name and ranges are checked by the policy service.
 */
public record PolicyRequest(String name, Long accountId, String description, Boolean enabled, Integer generations,
                            List<Long> scheduleIds, Integer retries, Integer retryWaitMinutes) {

    public PolicySpec toSpec() {
        return new PolicySpec(name, Required.field("accountId", accountId), description,
                enabled == null || enabled,
                Required.field("generations", generations),
                scheduleIds,
                retries == null ? PolicySpec.DEFAULT_RETRIES : retries,
                retryWaitMinutes == null ? PolicySpec.DEFAULT_RETRY_WAIT_MINUTES : retryWaitMinutes);
    }
}
