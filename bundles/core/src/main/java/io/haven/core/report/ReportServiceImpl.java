package io.haven.core.report;

import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.api.service.AuditService;
import io.haven.api.service.ValidationException;
import io.haven.core.access.Worlds;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;
import io.haven.store.ReportRepository.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;

/**
 * The guide's CSV reports (15.6-15.9). The rule is the users rule of {@link Worlds}: a report holds the
 * caller's world and those of the users it manages. Filters are checked when the report is made, rows
 * are read while it is written.
 */
@Component(service = ReportService.class)
public class ReportServiceImpl implements ReportService {

    /** The backup view's columns, as the guide names them. */
    static final List<String> BACKUP_COLUMNS = List.of("Backup ID", "User", "Account", "Policy", "Status",
            "DR Status", "Start Time", "End Time", "Is Retry", "Marked for Deletion");

    /** The snapshot view's columns, as the guide names them. */
    static final List<String> SNAPSHOT_COLUMNS = List.of("Backup ID", "Account", "Region", "Type", "Volume/DB",
            "Instance", "Snapshot ID", "Succeeded", "Start Time", "End Time", "Deleted At");

    /** The audit report's columns (guide 16.6: a timestamp, the event type, the exact operation, the user with delegate). */
    static final List<String> AUDIT_COLUMNS = List.of("Timestamp", "User", "Delegate", "Event Type", "Operation",
            "Outcome", "Address", "Channel");

    private final HavenStore store;
    private final AuditService audit;
    private final Worlds worlds;
    private final Clock clock;
    private final UsageReport usage;
    /** For the resources report: discovery and the policies that hold each resource (set by DS after activation). */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountService accounts;
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyService policies;
    /** For the permission summary: the account's permission check (set by DS after activation). */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PermissionCheckService permissionCheck;

    @Activate
    public ReportServiceImpl(@Reference HavenStore store, @Reference AuditService audit) {
        this(store, audit, Clock.systemUTC());
    }

    public ReportServiceImpl(HavenStore store, AuditService audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.worlds = new Worlds(store);
        this.clock = clock;
        this.usage = new UsageReport(store);
    }

    @Override
    public Report backups(Caller caller, ReportFilter filter) {
        Scope scope = scope(caller, filter);
        return new CsvReport(ReportTexts.fileName("backups", clock.instant()), BACKUP_COLUMNS,
                printer -> store.reports().backups(scope, row -> printer.print(row.id(), ReportTexts.name(row.user()),
                        ReportTexts.name(row.account()), ReportTexts.name(row.policy()), row.status(),
                        // DR Status: empty where the backup had no DR to do, as the guide's report leaves it
                        "NONE".equals(row.drStatus()) ? "" : row.drStatus(),
                        ReportTexts.time(row.started()), ReportTexts.time(row.ended()),
                        ReportTexts.yesNo(row.attempt() > 1), ReportTexts.yesNo(row.deleted() != null))));
    }

    @Override
    public Report snapshots(Caller caller, ReportFilter filter) {
        Scope scope = scope(caller, filter);
        return new CsvReport(ReportTexts.fileName("snapshots", clock.instant()), SNAPSHOT_COLUMNS,
                printer -> store.reports().snapshots(scope, row -> printer.print(row.backupId(),
                        ReportTexts.name(row.account()), row.region(), row.kind(),
                        ReportTexts.orEmpty(row.volumeId() != null ? row.volumeId() : row.resourceId()),
                        row.instanceId() == null ? ReportTexts.NONE : row.instanceId(), row.awsId(),
                        ReportTexts.yesNo(row.completed() != null), ReportTexts.time(row.created()),
                        ReportTexts.time(row.completed()),
                        row.deleted() == null ? ReportTexts.NOT_DELETED : ReportTexts.time(row.deleted()))));
    }

    @Override
    public Report resources(Caller caller, Long accountId, List<String> regions) {
        AccountService accountService = accounts;
        PolicyService policyService = policies;
        if (accountService == null || policyService == null) {
            throw new io.haven.api.service.ConflictException("Resource discovery is not available yet; try again");
        }
        return ResourcesReport.report(caller, accountId, regions, accountService, policyService,
                ReportTexts.fileName("resources", clock.instant()));
    }

    /** The services discovery goes through; DS sets them, tests call this. */
    public void discovery(AccountService accountService, PolicyService policyService) {
        this.accounts = accountService;
        this.policies = policyService;
    }

    /** The check that the permission summary reports; DS sets it, tests call this. */
    public void permissionCheck(PermissionCheckService service) {
        this.permissionCheck = service;
    }

    /**
     * The permission summary (guide 14.3): the account's permission check as CSV. Who may download it is the
     * check's own rule (the account must be in the caller's world), so it is not written again here.
     */
    @Override
    public Report permissions(Caller caller, long accountId, String region) {
        PermissionCheckService check = permissionCheck;
        if (check == null) {
            throw new io.haven.api.service.ConflictException("The permission check is not available yet; try again");
        }
        return PermissionSummary.report(caller, accountId, region, check,
                ReportTexts.fileName("permissions-account-" + accountId, clock.instant()));
    }

    @Override
    public Report usage(Caller caller, boolean allUsers) {
        return usage.report(caller, allUsers, ReportTexts.fileName(allUsers ? "usage-all-users" : "usage",
                clock.instant()));
    }

    /**
     * The audit log as CSV. Who reads what is the audit service's rule, asked here page by page (keyset, newest
     * first), so the report's size does not matter; a bad filter is refused before the first byte.
     */
    @Override
    public Report audit(Caller caller, Long userId, Instant from, Instant to) {
        audit.list(caller, new AuditQuery(userId, from, to, null, 1));
        return new CsvReport(ReportTexts.fileName("audit", clock.instant()), AUDIT_COLUMNS, printer -> {
            Long before = null;
            do {
                AuditPage page = audit.list(caller, new AuditQuery(userId, from, to, before, AuditQuery.MAX_LIMIT));
                for (AuditEntry e : page.items()) {
                    printer.print(ReportTexts.time(e.time()), ReportTexts.name(e.username()),
                            ReportTexts.name(e.delegate()),
                            ReportTexts.name(e.event()), ReportTexts.name(e.operation()), ReportTexts.name(e.outcome()),
                            ReportTexts.name(e.address()), e.channel());
                }
                before = page.next();
            } while (before != null);
        });
    }

    /**
     * The caller's worlds narrowed by the filter. A user, account or policy the caller does not see is refused
     * naming the field, with the words used for one that does not exist.
     */
    private Scope scope(Caller caller, ReportFilter filter) {
        Set<Long> owners = worlds.visibleOwners(caller);
        if (filter.userId() != null && !owners.contains(filter.userId())) {
            throw new ValidationException("userId", "User " + filter.userId() + " does not exist");
        }
        if (filter.accountId() != null && !worlds.sees(caller, Owned.ACCOUNT, filter.accountId())) {
            throw new ValidationException("accountId", "Account " + filter.accountId() + " does not exist");
        }
        if (filter.policyId() != null && !worlds.sees(caller, Owned.POLICY, filter.policyId())) {
            throw new ValidationException("policyId", "Policy " + filter.policyId() + " does not exist");
        }
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new ValidationException("to", "Must be later than from (" + filter.from() + "), was " + filter.to());
        }
        return new Scope(owners, filter.userId(), filter.accountId(), filter.policyId(), filter.from(), filter.to());
    }
}
