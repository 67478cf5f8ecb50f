package io.haven.api.model;

import java.util.List;

/**
 * A backup policy as a user defines it (guide 4.2).
 *
 * @param accountId        the AWS account; cannot change once the policy exists
 * @param generations      how many successful backups to keep (at least 1)
 * @param scheduleIds      schedules that trigger it; a schedule may serve many policies
 * @param retries          how many times a failed run is retried (default 3)
 * @param retryWaitMinutes minutes to wait between retries
 */
public record PolicySpec(String name, long accountId, String description, boolean enabled, int generations,
                         List<Long> scheduleIds, int retries, int retryWaitMinutes) {
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_RETRY_WAIT_MINUTES = 1;

    public PolicySpec {
        scheduleIds = scheduleIds == null ? List.of() : List.copyOf(scheduleIds);
    }
}
