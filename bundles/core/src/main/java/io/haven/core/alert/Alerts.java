package io.haven.core.alert;

import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Backup;
import io.haven.api.model.Policy;
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

    /** A backup of the policy succeeded: its alert, if any, is resolved. */
    public void backupSucceeded(Policy policy) {
        clear(policyIssue(policy.id()));
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
