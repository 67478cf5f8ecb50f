package io.haven.rest.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.haven.api.model.Alert;
import io.haven.api.service.AlertService;
import io.haven.rest.problem.Problem;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The pull API of guide 15.2, {@code GET /agentapi/get_cpm_alerts/}, in the guide's wire form so that monitoring
 * written for CPM keeps working: the bare alerts key in the Authorization header, and a JSON list of objects with
 * {@code category}, {@code title}, {@code message_body}, {@code alert_time} ({@code yyyy-MM-dd HH:mm:ss}, UTC, the
 * last occurrence), {@code policy} ({@code {"name": ...}}, the name null for alerts of no policy) and
 * {@code severity} ({@code E}, {@code W}, {@code I}). Kept apart from the servlet so that it is tested without one.
 */
public final class CpmAlerts {

    public static final String PATH = "/agentapi/get_cpm_alerts/";
    static final DateTimeFormatter ALERT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What to answer: a status and a JSON body. */
    public record Answer(int status, String contentType, String body) {
    }

    private final AlertService alerts;
    private final ObjectMapper json = new ObjectMapper();

    public CpmAlerts(AlertService alerts) {
        this.alerts = alerts;
    }

    public Answer answer(String method, String path, String authorization, String address) {
        if (!PATH.equals(path) && !PATH.equals(path + "/")) {
            return problem(404, "not-found", "Not found", "The agent API has only " + PATH);
        }
        if (!"GET".equals(method)) {
            return problem(405, "method-not-allowed", "Method not allowed", PATH + " answers GET only");
        }
        Optional<List<Alert>> visible = alerts.pull(authorization == null ? null : authorization.trim(), address);
        if (visible.isEmpty()) {
            return problem(401, "unauthorized", "Authentication required", "Send your alerts key (haven:alerts-key, "
                    + "POST /api/v1/alerts-key) as the Authorization header");
        }
        ArrayNode list = json.createArrayNode();
        for (Alert alert : visible.get()) {
            ObjectNode item = list.addObject();
            item.put("category", alert.category().label());
            item.put("title", alert.title());
            item.put("message_body", alert.message());
            item.put("alert_time", ALERT_TIME.format(alert.lastOccurred()));
            item.putObject("policy").put("name", alert.policyName());
            item.put("severity", alert.severity().code());
        }
        return new Answer(200, "application/json", write(list));
    }

    private Answer problem(int status, String slug, String title, String detail) {
        return new Answer(status, Problem.MEDIA_TYPE, write(Problem.of(status, slug, title, detail)));
    }

    private String write(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
