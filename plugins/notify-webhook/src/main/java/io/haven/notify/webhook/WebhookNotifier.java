package io.haven.notify.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.haven.api.model.NotifierSetting;
import io.haven.api.notify.Notification;
import io.haven.api.notify.Notifier;
import io.haven.api.service.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Posts notifications to a webhook in one of the ready formats ({@link WebhookFormat}). The URL is a secret: Slack
 * and Teams put their token in it, so errors name only the host.
 */
@Component(service = Notifier.class, property = Notifier.TYPE_PROPERTY + "=" + WebhookNotifier.TYPE)
public class WebhookNotifier implements Notifier {

    static final String TYPE = "webhook";
    static final String URL = "url";
    static final String FORMAT = "format";
    static final String ROUTING_KEY = "routingKey";
    static final String AUTHORIZATION = "authorization";
    static final String PAGERDUTY_EVENTS = "https://events.pagerduty.com/v2/enqueue";

    private final HttpClient http;
    private final Duration timeout;

    public WebhookNotifier() {
        this(Duration.ofSeconds(10));
    }

    WebhookNotifier(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Posts to a webhook: Haven's JSON, Slack, Microsoft Teams or PagerDuty Events v2";
    }

    @Override
    public List<NotifierSetting> settings() {
        return List.of(
                NotifierSetting.secret(URL, "The webhook's URL (http or https; for PagerDuty it defaults to its Events v2 "
                        + "endpoint)", false),
                NotifierSetting.optional(FORMAT, "json (default), slack, teams or pagerduty"),
                NotifierSetting.secret(ROUTING_KEY, "PagerDuty: the integration's routing key", false),
                NotifierSetting.secret(AUTHORIZATION, "An Authorization header to send, e.g. Bearer <token>", false));
    }

    @Override
    public Map<String, String> prepare(Map<String, String> settings) {
        Map<String, String> ready = new HashMap<>(settings);
        WebhookFormat format;
        try {
            format = WebhookFormat.of(settings.get(FORMAT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("settings." + FORMAT, "The format is one of " + Arrays.stream(WebhookFormat.values())
                    .map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }
        ready.put(FORMAT, format.name().toLowerCase(Locale.ROOT));
        if (format == WebhookFormat.PAGERDUTY) {
            ready.putIfAbsent(URL, PAGERDUTY_EVENTS);
            if (settings.get(ROUTING_KEY) == null) {
                throw new ValidationException("settings." + ROUTING_KEY, "PagerDuty needs the integration's routing key");
            }
        }
        String url = ready.get(URL);
        if (url == null) {
            throw new ValidationException("settings." + URL, "The webhook's URL is required");
        }
        try {
            URI uri = URI.create(url);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ValidationException("settings." + URL, "An absolute http or https URL is required");
        }
        return Map.copyOf(ready);
    }

    @Override
    public void send(Notification notification, Map<String, String> settings) throws IOException, InterruptedException {
        Optional<ObjectNode> body = WebhookFormat.of(settings.get(FORMAT)).body(notification, settings);
        if (body.isEmpty()) {
            return;
        }
        URI uri = URI.create(settings.get(URL));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Haven")
                .POST(HttpRequest.BodyPublishers.ofString(WebhookFormat.MAPPER.writeValueAsString(body.get())));
        if (settings.get(AUTHORIZATION) != null) {
            request.header("Authorization", settings.get(AUTHORIZATION));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("Could not post to " + uri.getHost() + ": " + e.getClass().getSimpleName(), e);
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new IOException("The webhook at " + uri.getHost() + " answered HTTP " + response.statusCode()
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) : answer)));
        }
    }
}
