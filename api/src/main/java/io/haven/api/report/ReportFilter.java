package io.haven.api.report;

import java.time.Instant;

/**
 * Which backups a backup or snapshot report covers; every field is optional.
 *
 * @param userId    only backups of this user (one the caller sees: itself or a user it manages)
 * @param accountId only backups taken in this account
 * @param policyId  only backups of this policy
 * @param from      only backups started at or after this time
 * @param to        only backups started before this time
 */
public record ReportFilter(Long userId, Long accountId, Long policyId, Instant from, Instant to) {

    /** Everything the caller sees. */
    public static ReportFilter all() {
        return new ReportFilter(null, null, null, null, null);
    }
}
