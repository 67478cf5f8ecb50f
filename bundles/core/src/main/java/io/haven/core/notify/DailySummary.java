package io.haven.core.notify;

import io.haven.api.model.Alert;
import io.haven.api.model.Delivery;
import io.haven.api.model.Policy;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.User;
import io.haven.core.access.Worlds;
import io.haven.core.alert.AlertVisibility;
import io.haven.store.HavenStore;
import io.haven.store.NotifierRepository.StoredNotifier;
import io.haven.store.OwnerRepository.Owned;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily summary (guide 15.5): every current alert the user sees, and the policies that quietly do nothing
 * (disabled, without a schedule, without targets), and the tag scans of the last day (guide 13), sent once a day at a chosen time through the user's notifiers that
 * carry the summary. Even with nothing to report it is sent: its absence says Haven has stopped.
 */
public class DailySummary {

    private static final Logger LOG = LoggerFactory.getLogger(DailySummary.class);

    private final HavenStore store;
    private final AlertVisibility visibility;
    private final Deliveries deliveries;
    private final Clock clock;
    private final ZoneId zone;
    private final LocalTime at;

    public DailySummary(HavenStore store, Deliveries deliveries, Clock clock, ZoneId zone, LocalTime at) {
        this.store = store;
        this.visibility = new AlertVisibility(store);
        this.deliveries = deliveries;
        this.clock = clock;
        this.zone = zone;
        this.at = at;
    }

    /** How long until the next summary is due. */
    public Duration untilNext() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), zone);
        ZonedDateTime next = now.with(at);
        if (!next.isAfter(now)) {
            next = ZonedDateTime.of(now.toLocalDate().plusDays(1), at, zone);
        }
        return Duration.between(now, next);
    }

    /** Today's summary among the nodes that share a database: the first node to claim this key sends it. */
    public String todaysKey() {
        return "daily-summary " + LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Queues today's summary to every notifier that carries it; returns how many were queued. */
    public int send() {
        int queued = 0;
        for (StoredNotifier notifier : store.notifiers().all()) {
            if (!notifier.summary()) {
                continue;
            }
            Optional<User> user = store.users().byId(notifier.userId()).map(stored -> stored.user());
            if (user.isPresent()) {
                deliveries.queue(notifier.id(), null, Delivery.Kind.DAILY_SUMMARY, subject(user.get()), text(user.get()));
                queued++;
            }
        }
        LOG.info("Daily summary queued to {} notifier(s)", queued);
        return queued;
    }

    String subject(User user) {
        return "Haven daily summary for " + user.username() + ", " + LocalDate.ofInstant(clock.instant(), zone);
    }

    String text(User user) {
        List<Alert> alerts = store.alerts().list(visibility.scope(user), true, 1000);
        var visible = store.owners().ownedBy(Owned.POLICY, new Worlds(store).visibleOwners(user));
        List<Policy> policies = store.policies().list().stream().filter(p -> visible.contains(p.id())).toList();
        StringBuilder text = new StringBuilder();
        if (alerts.isEmpty()) {
            text.append("No current alerts.\n");
        } else {
            text.append("Current alerts (").append(alerts.size()).append("):\n");
            for (Alert alert : alerts) {
                text.append("- [").append(alert.severity().code()).append("] ").append(alert.category().label())
                        .append(": ").append(alert.title()).append(" (since ").append(Texts.TIME.format(alert.raised()))
                        .append(", last ").append(Texts.TIME.format(alert.lastOccurred()))
                        .append(alert.acknowledged() == null ? "" : ", acknowledged").append(")\n  ")
                        .append(alert.message()).append('\n');
            }
        }
        section(text, "Disabled policies", policies.stream().filter(p -> !p.spec().enabled()).toList());
        section(text, "Policies without a schedule", policies.stream().filter(p -> p.spec().scheduleIds().isEmpty()).toList());
        section(text, "Policies without targets", policies.stream()
                .filter(p -> store.policies().targets(p.id()).isEmpty()).toList());
        tagScans(text, user);
        return text.toString();
    }

    /** The most lines of one account's tag scan listed; the counts cover them all. */
    static final int MAX_SCAN_LINES = 20;

    /** Guide 13: new scan results of the last day, for the accounts the user sees: counts, then problems first. */
    private void tagScans(StringBuilder text, User user) {
        var accounts = store.owners().ownedBy(Owned.ACCOUNT, new Worlds(store).visibleOwners(user));
        java.time.Instant since = clock.instant().minus(Duration.ofDays(1));
        List<TagScanLog> recent = store.tagScans().lastScans().stream()
                .filter(log -> accounts.contains(log.accountId()) && log.ended().isAfter(since)).toList();
        text.append("\nTag scans in the last day: ");
        if (recent.isEmpty()) {
            text.append("none\n");
            return;
        }
        text.append(recent.size()).append('\n');
        for (TagScanLog log : recent) {
            var counts = new java.util.EnumMap<TagScanEntry.Kind, Integer>(TagScanEntry.Kind.class);
            log.entries().forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
            text.append("- ").append(log.accountName()).append(" at ").append(Texts.TIME.format(log.ended())).append(": ")
                    .append(log.tagged()).append(" tagged; ").append(counts.getOrDefault(TagScanEntry.Kind.ADDED, 0))
                    .append(" added, ").append(counts.getOrDefault(TagScanEntry.Kind.REMOVED, 0)).append(" removed, ")
                    .append(counts.getOrDefault(TagScanEntry.Kind.CREATED, 0)).append(" policies created, ")
                    .append(counts.getOrDefault(TagScanEntry.Kind.WARNING, 0)).append(" warnings, ")
                    .append(counts.getOrDefault(TagScanEntry.Kind.ERROR, 0)).append(" errors\n");
            log.entries().stream()
                    .sorted(java.util.Comparator.comparing(e -> e.kind() == TagScanEntry.Kind.ERROR
                            || e.kind() == TagScanEntry.Kind.WARNING ? 0 : 1))
                    .limit(MAX_SCAN_LINES)
                    .forEach(e -> text.append("  ").append(e.kind()).append(' ')
                            .append(e.resourceId() == null ? "" : e.resourceId() + " ")
                            .append(e.tagValue() == null ? "" : "(tag '" + e.tagValue() + "') ")
                            .append(e.message()).append('\n'));
        }
    }

    private static void section(StringBuilder text, String title, List<Policy> policies) {
        text.append('\n').append(title).append(": ");
        if (policies.isEmpty()) {
            text.append("none\n");
            return;
        }
        text.append(policies.size()).append('\n');
        policies.forEach(p -> text.append("- ").append(p.spec().name()).append('\n'));
    }

    /** Parses the configured time, HH:mm; a bad value falls back to 07:00 with a warning. */
    static LocalTime timeOf(String configured) {
        try {
            return LocalTime.parse(configured.trim().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            LOG.warn("dailySummaryTime '{}' is not a time like 07:30; the summary is sent at 07:00", configured);
            return LocalTime.of(7, 0);
        }
    }
}
