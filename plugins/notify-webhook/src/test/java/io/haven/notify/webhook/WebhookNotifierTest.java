package io.haven.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.notify.Notification;
import io.haven.api.service.ValidationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook notifier against a receiver in the test: each format's body, errors without the URL's secret. */
class WebhookNotifierTest {

    private static final Alert ALERT = new Alert(7, 3L, "web", 12L, "Policy web (account: main) - backup 12 failed",
            Instant.parse("2026-03-01T10:00:00Z"), AlertCategory.BACKUP, AlertSeverity.ERROR, "Policy web Backup Failure",
            Instant.parse("2026-03-01T11:00:00Z"), null, null);

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch hang = new CountDownLatch(1);
    private volatile int status = 200;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] answer = (status == 200 ? "ok" : "invalid_token").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        hang.countDown();
        server.stop(0);
    }

    /** A time-out no answer of this machine's receiver reaches, even on a busy CI machine. */
    private final WebhookNotifier webhook = new WebhookNotifier(Duration.ofSeconds(20));

    @Test
    void havensJsonCarriesTheAlertsInThePullApisShape() throws Exception {
        webhook.send(raised(), webhook.prepare(Map.of("url", base + "/hook", "authorization", "Bearer abc")));

        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("event").asText()).isEqualTo("alert_raised");
        assertThat(body.get("subject").asText()).isEqualTo("Policy web Backup Failure");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.get("category").asText()).isEqualTo("Backup");
        assertThat(alert.get("alert_time").asText()).isEqualTo("2026-03-01 11:00:00");
        assertThat(alert.get("policy").get("name").asText()).isEqualTo("web");
        assertThat(alert.get("severity").asText()).isEqualTo("E");
        assertThat(authorizations).containsExactly("Bearer abc");
    }

    @Test
    void slackGetsOneMessageWithItsMarkupEscaped() throws Exception {
        webhook.send(new Notification(Kind.TEST, "root", "Test <1>", "a & b", List.of(), Instant.now()),
                webhook.prepare(Map.of("url", base + "/services/T/B/secret", "format", "slack")));

        assertThat(new ObjectMapper().readTree(bodies.get(0)).get("text").asText()).isEqualTo("*Test &lt;1&gt;*\na &amp; b");
    }

    @Test
    void teamsGetsAnAdaptiveCard() throws Exception {
        webhook.send(raised(), webhook.prepare(Map.of("url", base + "/workflow", "format", "Teams")));

        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.get("content").get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(attachment.get("content").get("body").get(0).get("text").asText()).isEqualTo("Policy web Backup Failure");
    }

    @Test
    void pagerDutyTriggersAnIncidentPerAlertAndResolvesItWhenCleared() throws Exception {
        Map<String, String> settings = webhook.prepare(Map.of("url", base + "/v2/enqueue", "format", "pagerduty",
                "routingKey", "R0UT1NG"));
        webhook.send(raised(), settings);
        Alert cleared = new Alert(7, 3L, "web", 12L, ALERT.message(), ALERT.raised(), ALERT.category(), ALERT.severity(),
                ALERT.title(), ALERT.lastOccurred(), null, Instant.parse("2026-03-01T12:00:00Z"));
        webhook.send(new Notification(Kind.ALERT_CLEARED, "root", "Resolved: Policy web Backup Failure", "resolved",
                List.of(cleared), Instant.parse("2026-03-01T12:00:00Z")), settings);
        webhook.send(new Notification(Kind.DAILY_SUMMARY, "root", "Daily summary", "all fine", List.of(), Instant.now()),
                settings);

        assertThat(bodies).as("the summary is not an incident").hasSize(2);
        JsonNode trigger = new ObjectMapper().readTree(bodies.get(0));
        assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UT1NG");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("haven-alert-7");
        assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("error");
        assertThat(trigger.get("payload").get("source").asText()).isEqualTo("haven");
        assertThat(trigger.get("payload").get("summary").asText()).isEqualTo("Policy web Backup Failure");
        JsonNode resolve = new ObjectMapper().readTree(bodies.get(1));
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo("haven-alert-7");
        assertThat(webhook.prepare(Map.of("format", "pagerduty", "routingKey", "R")).get("url"))
                .isEqualTo(WebhookNotifier.PAGERDUTY_EVENTS);
    }

    @Test
    void aRefusalIsAnErrorNamingTheHostButNotTheUrlsSecret() {
        status = 403;
        assertThatThrownBy(() -> webhook.send(raised(), webhook.prepare(Map.of("url", base + "/services/T/B/s3cr3t"))))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 403").hasMessageContaining("127.0.0.1")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aHangingReceiverTimesOut() {
        WebhookNotifier impatient = new WebhookNotifier(Duration.ofMillis(500));
        assertThatThrownBy(() -> impatient.send(raised(), impatient.prepare(Map.of("url", base + "/slow/s3cr3t"))))
                .isInstanceOf(IOException.class).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> webhook.prepare(Map.of("url", "ftp://x"))).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("settings.url");
        assertThatThrownBy(() -> webhook.prepare(Map.of())).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("settings.url");
        assertThatThrownBy(() -> webhook.prepare(Map.of("url", "https://x", "format", "fax")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.format");
        assertThatThrownBy(() -> webhook.prepare(Map.of("format", "pagerduty"))).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("settings.routingKey");
    }

    private static Notification raised() {
        return new Notification(Kind.ALERT_RAISED, "root", ALERT.title(), "body", List.of(ALERT),
                Instant.parse("2026-03-01T11:00:01Z"));
    }
}
