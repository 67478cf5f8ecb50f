package io.haven.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.haven.api.model.Alert;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.notify.Notification;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The bodies a webhook posts, one per receiver: Haven's JSON, Slack, Microsoft Teams, PagerDuty Events v2. */
enum WebhookFormat {

    /** Haven's own: the notification with its alerts in the pull API's shape (guide 15.2). */
    JSON {
        @Override
        Optional<ObjectNode> body(Notification n, Map<String, String> settings) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("event", n.kind().name().toLowerCase(Locale.ROOT));
            body.put("user", n.user());
            body.put("subject", n.subject());
            body.put("text", n.text());
            body.put("time", n.time().toString());
            ArrayNode alerts = body.putArray("alerts");
            for (Alert alert : n.alerts()) {
                ObjectNode item = alerts.addObject();
                item.put("id", alert.id());
                item.put("category", alert.category().label());
                item.put("title", alert.title());
                item.put("message_body", alert.message());
                item.put("alert_time", ALERT_TIME.format(alert.lastOccurred()));
                item.putObject("policy").put("name", alert.policyName());
                item.put("severity", alert.severity().code());
                item.put("cleared", alert.cleared() != null);
            }
            return Optional.of(body);
        }
    },
    /** A Slack incoming webhook: one message in mrkdwn. */
    SLACK {
        @Override
        Optional<ObjectNode> body(Notification n, Map<String, String> settings) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("text", "*" + escapeSlack(n.subject()) + "*\n" + escapeSlack(n.text()));
            return Optional.of(body);
        }
    },
    /** A Microsoft Teams workflow webhook: one message carrying an Adaptive Card. */
    TEAMS {
        @Override
        Optional<ObjectNode> body(Notification n, Map<String, String> settings) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("type", "message");
            ObjectNode attachment = body.putArray("attachments").addObject();
            attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
            attachment.putNull("contentUrl");
            ObjectNode card = attachment.putObject("content");
            card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            card.put("type", "AdaptiveCard");
            card.put("version", "1.4");
            ArrayNode blocks = card.putArray("body");
            blocks.addObject().put("type", "TextBlock").put("text", n.subject()).put("weight", "Bolder")
                    .put("size", "Medium").put("wrap", true);
            blocks.addObject().put("type", "TextBlock").put("text", n.text()).put("wrap", true);
            return Optional.of(body);
        }
    },
    /**
     * PagerDuty Events API v2: an alert raised triggers an incident keyed by the alert, its clearing resolves it; a
     * test triggers an info event. The daily summary is not an incident and is not sent.
     */
    PAGERDUTY {
        @Override
        Optional<ObjectNode> body(Notification n, Map<String, String> settings) {
            if (n.kind() == Kind.DAILY_SUMMARY) {
                return Optional.empty();
            }
            Alert alert = n.alerts().isEmpty() ? null : n.alerts().get(0);
            ObjectNode body = MAPPER.createObjectNode();
            body.put("routing_key", settings.get(WebhookNotifier.ROUTING_KEY));
            body.put("event_action", n.kind() == Kind.ALERT_CLEARED ? "resolve" : "trigger");
            body.put("dedup_key", alert == null ? "haven-test-" + n.time().toEpochMilli() : "haven-alert-" + alert.id());
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", n.subject().length() > 1024 ? n.subject().substring(0, 1024) : n.subject());
            payload.put("source", "haven");
            payload.put("severity", alert == null ? "info" : switch (alert.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "info";
            });
            payload.put("timestamp", n.time().toString());
            if (alert != null) {
                payload.put("class", alert.category().label());
                if (alert.policyName() != null) {
                    payload.put("component", alert.policyName());
                }
            }
            payload.putObject("custom_details").put("message", n.text());
            return Optional.of(body);
        }
    };

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final DateTimeFormatter ALERT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The body to post, or empty when this receiver takes no such notification. */
    abstract Optional<ObjectNode> body(Notification notification, Map<String, String> settings);

    static WebhookFormat of(String name) {
        return name == null || name.isBlank() ? JSON : valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Slack reads &, < and > as markup. */
    static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
