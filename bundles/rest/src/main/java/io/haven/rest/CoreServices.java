package io.haven.rest;

import io.haven.api.permission.PermissionCheckService;
import io.haven.api.report.ReportService;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.AccountService;
import io.haven.api.service.AlertService;
import io.haven.api.service.AuditService;
import io.haven.api.service.NotifierService;
import io.haven.api.service.BackupService;
import io.haven.api.service.DashboardService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.SessionService;
import io.haven.api.service.TagScanService;
import io.haven.api.service.UserService;
import java.util.Objects;

/** The core services the REST API adapts. */
public record CoreServices(AccountService accounts, ScheduleService schedules, PolicyService policies,
                           BackupService backups, UserService users, AlertService alerts,
                           RecoveryService recoveries, PermissionCheckService permissions,
                           NotifierService notifiers, SessionService sessions,
                           AuditService audit, DashboardService dashboards, TagScanService tagScans,
                           ReportService reports, IdentityProviderService identityProvider) {
    public CoreServices {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(recoveries, "recoveries");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(notifiers, "notifiers");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(dashboards, "dashboards");
        Objects.requireNonNull(tagScans, "tagScans");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(identityProvider, "identityProvider");
    }
}
