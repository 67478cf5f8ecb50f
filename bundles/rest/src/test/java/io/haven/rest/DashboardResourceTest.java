package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class DashboardResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void theDashboardIsCoresAsJson() {
        Reply reply = api.call("GET", "v1/dashboard").send();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode dashboard = reply.json();
        assertThat(dashboard.get("protectedResources").get(0).get("resources").asLong()).isEqualTo(3);
        assertThat(dashboard.get("lastDay").get("SUCCESSFUL").asLong()).isEqualTo(2);
        assertThat(dashboard.get("openAlerts").asLong()).isEqualTo(1);
        JsonNode risk = dashboard.get("atRisk").get(0);
        assertThat(risk.get("policyName").asText()).isEqualTo("web");
        assertThat(risk.get("lastGoodBackup").isNull()).isTrue();
        assertThat(api.anonymous("GET", "v1/dashboard").send().status()).isEqualTo(401);
    }
}
