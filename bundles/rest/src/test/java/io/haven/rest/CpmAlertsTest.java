package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.rest.agent.CpmAlerts;
import io.haven.rest.testing.FakeAlertService;
import org.junit.jupiter.api.Test;

/** The pull API in the guide's wire form (guide 15.2). */
class CpmAlertsTest {

    private final FakeAlertService alerts = new FakeAlertService();
    private final CpmAlerts api = new CpmAlerts(alerts);

    @Test
    void theAlertsKeyGetsTheGuidesJsonList() throws Exception {
        alerts.keySet = true;
        CpmAlerts.Answer answer = api.answer("GET", "/agentapi/get_cpm_alerts/", FakeAlertService.KEY, "10.0.0.9");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        JsonNode list = new ObjectMapper().readTree(answer.body());
        assertThat(list.isArray()).isTrue();
        JsonNode first = list.get(0);
        assertThat(first.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("category", "title", "message_body", "alert_time", "policy", "severity");
        assertThat(first.get("category").asText()).isEqualTo("Backup");
        assertThat(first.get("title").asText()).isEqualTo("Policy daily Backup Failure");
        assertThat(first.get("message_body").asText()).startsWith("Policy daily did not back up");
        assertThat(first.get("alert_time").asText()).as("the last failure").isEqualTo("2025-03-02 02:00:00");
        assertThat(first.get("policy").get("name").asText()).isEqualTo("daily");
        assertThat(first.get("severity").asText()).isEqualTo("E");
        JsonNode second = list.get(1);
        assertThat(second.get("policy").get("name").isNull()).isTrue();
        assertThat(second.get("category").asText()).isEqualTo("System");
    }

    @Test
    void withoutTheKeyOrWithAnotherItIs401AndNothingIsShown() {
        alerts.keySet = true;
        for (String key : new String[] {null, "", "Bearer " + FakeAlertService.KEY, "wrong"}) {
            CpmAlerts.Answer answer = api.answer("GET", "/agentapi/get_cpm_alerts/", key, "10.0.0.9");
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.body()).doesNotContain("daily");
        }
    }

    @Test
    void onlyGetOfThatPathIsServed() {
        alerts.keySet = true;
        assertThat(api.answer("POST", "/agentapi/get_cpm_alerts/", FakeAlertService.KEY, "a").status()).isEqualTo(405);
        assertThat(api.answer("GET", "/agentapi/other/", FakeAlertService.KEY, "a").status()).isEqualTo(404);
        assertThat(api.answer("GET", "/agentapi/get_cpm_alerts", FakeAlertService.KEY, "a").status()).isEqualTo(200);
    }
}
