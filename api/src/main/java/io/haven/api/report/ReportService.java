package io.haven.api.report;

import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The guide's CSV reports. A caller's reports hold its own world and those of the users it manages (root's
 * hold its managed users' data, guide 15.6); the filters are checked first.
 */
@ProviderType
public interface ReportService {

    /**
     * The backup view: one row per backup.
     *
     * @throws io.haven.api.service.ValidationException naming the filter field that is wrong, or names a
     *                                                   user, account or policy the caller does not see
     */
    Report backups(Caller caller, ReportFilter filter);

    /** The snapshot view: one row per artifact of the backups the filter selects; fails as {@link #backups}. */
    Report snapshots(Caller caller, ReportFilter filter);

    /**
     * Usage: per user, the AWS accounts, the instances and the non-instance storage its policies protect.
     *
     * @param allUsers false: the caller only; true: every user of the server (root only)
     * @throws io.haven.api.service.ForbiddenException when a caller other than root asks for all users
     */
    Report usage(Caller caller, boolean allUsers);

    /**
     * The audit report (guide 16.6): the audit log's entries the caller may read (root: every user's; others: their
     * world's), newest first, with their time, user and delegate, event type, exact operation and outcome.
     *
     * @param userId only this user's entries, or {@code null}
     * @param from   only entries at or after this time, or {@code null}
     * @param to     only entries before this time, or {@code null}
     * @throws io.haven.api.service.ValidationException naming {@code to} when it is before {@code from}
     * @throws io.haven.api.service.NotFoundException   when the user is not one the caller sees
     */
    Report audit(Caller caller, Long userId, java.time.Instant from, java.time.Instant to);

    /**
     * Protected and unprotected resources (guide 15.6): every resource the installed types find in an account's
     * regions, each with the caller's policies that protect it. Discovery runs before the report is returned, so an
     * account the caller does not see or a region AWS refuses fails before the first byte (since 1.1).
     *
     * @param accountId the account; null for every account the caller sees
     * @param regions   the regions to look in; empty for those where the caller's policies have targets in each account
     *                  (the account's default region when they have none)
     */
    Report resources(Caller caller, Long accountId, java.util.List<String> regions);

    /**
     * The permission summary of an account (guide 14.3, "Permission Summary"): the account's permission check, one row
     * per feature and IAM action with whether AWS allows it. The check runs before the report is returned, under the
     * permission check's own rule, so an account the caller does not see (404), a bad region or credentials AWS refuses
     * (400 naming the field) fail before the first byte (since 1.2).
     *
     * @param region where the check's harmless calls go; null for the default region
     */
    Report permissions(Caller caller, long accountId, String region);
}
