package io.haven.core.alert;

import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Backup;
import io.haven.api.model.Policy;
import io.haven.api.model.TagScanEntry;
import io.haven.store.AlertRepository.Raise;
import io.haven.store.AlertRepository.Raised;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears alerts (guide 15.1): one current alert per issue (a policy, the storage limit, a system part),
 * refreshed while the issue lasts, cleared when it is resolved, and the listener (notifications) told of new and
 * cleared ones. The engine calls it at the end of a run; it never throws into the engine.
 */
public class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);
    static final String STORAGE = "storage";

    private final HavenStore store;
    private final Clock clock;
    private final Supplier<AlertListener> listener;

    public Alerts(HavenStore store, Clock clock, Supplier<AlertListener> listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    public static String policyIssue(long policyId) {
        return "policy:" + policyId;
    }

    /**
     * A backup of the policy did not succeed. Raises (or refreshes) the policy's alert when the failures in a row,
     * this one included, reach the policy's threshold.
     *
     * @return the alert's message when it was raised or refreshed
     */
    public Optional<String> backupFailed(long backupId, Policy policy) {
        int threshold = policy.spec().failuresToAlert();
        int failuresInARow = 1;
        for (var outcome : store.backups().recentOutcomes(policy.id(), threshold)) {
            if (outcome == io.haven.api.model.BackupStatus.SUCCESSFUL) {
                break;
            }
            failuresInARow++;
        }
        if (failuresInARow < threshold) {
            return Optional.empty();
        }
        String name = policy.spec().name();
        String started = store.backups().get(backupId).map(Backup::started).map(TIME::format).orElse("?");
        String account = store.accounts().get(policy.spec().accountId()).map(a -> a.account().name()).orElse("?");
        String lastSuccess = store.backups().liveSuccessful(policy.id()).stream().findFirst().map(Backup::started)
                .map(t -> "Last successful backup was at " + TIME.format(t)).orElse("No successful backup is kept");
        String text = "Policy " + name + " (account: " + account + ") - backup " + backupId + " that started at "
                + started + " failed; it did not back up successfully " + threshold
                + (threshold == 1 ? " time" : " times in a row") + ". " + lastSuccess;
        raise(new Raise(policyIssue(policy.id()), AlertCategory.BACKUP, AlertSeverity.ERROR, policy.id(), name, backupId,
                "Policy " + name + " Backup Failure", text));
        return Optional.of(text);
    }

    static String drIssue(long policyId) {
        return "dr:" + policyId;
    }

    /**
     * A backup's DR failed or timed out (guide 15.1): raises (or refreshes) the policy's DR alert when the DRs that
     * failed in a row, this one included, reach the policy's failures-to-alert count.
     */
    public void drFailed(long backupId, Policy policy, io.haven.api.model.DrStatus status) {
        int threshold = policy.spec().failuresToAlert();
        int failuresInARow = 0;
        for (var outcome : store.backups().recentDrOutcomes(policy.id(), threshold)) {
            if (outcome == io.haven.api.model.DrStatus.COMPLETED) {
                break;
            }
            failuresInARow++;
        }
        if (failuresInARow < threshold) {
            return;
        }
        String name = policy.spec().name();
        String how = status == io.haven.api.model.DrStatus.TIMED_OUT ? "timed out" : "failed";
        raise(new Raise(drIssue(policy.id()), AlertCategory.DR, AlertSeverity.ERROR, policy.id(), name, backupId,
                "Policy " + name + " DR Failure", "Policy " + name + " - disaster recovery of backup " + backupId + " "
                + how + "; DR did not complete " + threshold + (threshold == 1 ? " time" : " times in a row")
                + ". Its log says which copies did not complete"));
    }

    /** A backup's DR completed: the policy's DR alert, if any, is resolved. */
    public void drCompleted(Policy policy) {
        clear(drIssue(policy.id()));
    }

    /** A backup of the policy succeeded: its alert, if any, is resolved. */
    public void backupSucceeded(Policy policy) {
        clear(policyIssue(policy.id()));
    }

    /**
     * A run of the policy skipped targets over its owner's resource limits (guide 16.2, decision 0026): one alert per
     * policy, its owner's, naming the limits; a run with nothing over clears it.
     */
    public void overResourceLimits(long backupId, Policy policy, List<String> reasons) {
        String name = policy.spec().name();
        StringBuilder text = new StringBuilder("Backup " + backupId + " of policy " + name + " skipped " + reasons.size()
                + (reasons.size() == 1 ? " target" : " targets") + " over the user's resource limits:");
        reasons.stream().limit(MAX_SCAN_LINES).forEach(r -> text.append("\n- ").append(r));
        if (reasons.size() > MAX_SCAN_LINES) {
            text.append("\n(").append(reasons.size() - MAX_SCAN_LINES).append(" more in the backup log)");
        }
        raise(new Raise(limitsIssue(policy.id()), AlertCategory.BACKUP, AlertSeverity.ERROR, policy.id(), name, backupId,
                "Policy " + name + " over resource limits", text.toString()));
    }

    /** A run of the policy found none of its targets over a resource limit. */
    public void withinResourceLimits(Policy policy) {
        clear(limitsIssue(policy.id()));
    }

    static String limitsIssue(long policyId) {
        return "limits:" + policyId;
    }

    /** Protected storage is at or over the warning share of its limit. */
    public void storageNearLimit(long backupId, String text) {
        raise(new Raise(STORAGE, AlertCategory.STORAGE, AlertSeverity.WARNING, null, null, backupId,
                "Protected storage near its limit", text));
    }

    /** Protected storage is below the warning share again. */
    public void storageBelowLimit() {
        clear(STORAGE);
    }

    /** A part of Haven has a problem that people must fix (issue: {@code system:<part>}). */
    public void systemIssue(String part, String title, String text) {
        raise(new Raise("system:" + part, AlertCategory.SYSTEM, AlertSeverity.ERROR, null, null, null, title, text));
    }

    public void systemResolved(String part) {
        clear("system:" + part);
    }

    /** The most log lines an alert about a tag scan quotes; the scan log has them all. */
    static final int MAX_SCAN_LINES = 5;

    /**
     * The last tag scan of an account logged errors or warnings (guide 13, 15.1 "scan errors"): one alert per account,
     * its owner's, quoting the first lines, since only root reads the scan log itself. A clean scan clears it.
     */
    public void tagScanProblems(long accountId, String accountName, long ownerId, List<TagScanEntry> problems) {
        long errors = problems.stream().filter(e -> e.kind() == TagScanEntry.Kind.ERROR).count();
        StringBuilder text = new StringBuilder("The tag scan of account " + accountName + " logged " + errors
                + " errors and " + (problems.size() - errors) + " warnings:");
        problems.stream().limit(MAX_SCAN_LINES).forEach(e -> text.append("\n- ").append(e.kind()).append(' ')
                .append(e.resourceId() == null ? "" : e.resourceId() + " ")
                .append(e.tagValue() == null ? "" : "(tag '" + e.tagValue() + "') ").append(e.message()));
        if (problems.size() > MAX_SCAN_LINES) {
            text.append("\n(").append(problems.size() - MAX_SCAN_LINES).append(" more in the scan log)");
        }
        raise(new Raise(tagScanIssue(accountId), AlertCategory.SCAN, errors > 0 ? AlertSeverity.ERROR : AlertSeverity.WARNING,
                null, null, null, "Tag scan of account " + accountName + " found problems", text.toString(), ownerId));
    }

    /** The last tag scan of the account logged no error nor warning. */
    public void tagScanClean(long accountId) {
        clear(tagScanIssue(accountId));
    }

    static String tagScanIssue(long accountId) {
        return "tag-scan:" + accountId;
    }

    private void raise(Raise raise) {
        try {
            Raised raised = store.alerts().raise(raise, clock.instant());
            if (raised.fresh()) {
                listener.get().raised(raised.alert());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not raise the alert '{}': {}", raise.title(), e.getMessage(), e);
        }
    }

    private void clear(String issue) {
        try {
            List<Alert> cleared = store.alerts().clear(issue, clock.instant());
            cleared.forEach(alert -> listener.get().cleared(alert));
        } catch (RuntimeException e) {
            LOG.error("Could not clear the alerts of {}: {}", issue, e.getMessage(), e);
        }
    }
}
