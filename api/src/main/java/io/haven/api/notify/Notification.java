package io.haven.api.notify;

import io.haven.api.model.Alert;
import io.haven.api.model.Delivery.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one notification says: ready text for channels that take text, and the alerts themselves for those that
 * build their own format.
 *
 * @param kind    an alert raised or cleared, the daily summary, or a test
 * @param user    the user whose notifier sends it
 * @param subject one line (an e-mail subject, an SNS subject, a chat message's title)
 * @param text    the plain-text body
 * @param alerts  the alerts it is about: the one raised or cleared, or every current one for a summary
 * @param time    when it was made
 */
public record Notification(Kind kind, String user, String subject, String text, List<Alert> alerts, Instant time) {
    public Notification {
        Objects.requireNonNull(kind, "kind");
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
}
