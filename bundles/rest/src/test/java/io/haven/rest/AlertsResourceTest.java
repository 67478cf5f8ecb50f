package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.testing.FakeAlertService;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** Alerts over REST: the guide's fields, acknowledgement, deletion and the alerts key (guide 15.1-15.2). */
class AlertsResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void anAlertShowsItsCategorySeverityTitleAndTimes() {
        Reply reply = api.call("GET", "v1/alerts/2").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("category").asText()).isEqualTo("BACKUP");
        assertThat(reply.json().get("severity").asText()).isEqualTo("ERROR");
        assertThat(reply.json().get("title").asText()).isEqualTo("Policy daily Backup Failure");
        assertThat(reply.json().get("lastOccurred").asText()).isEqualTo("2025-03-02T02:00:00Z");
        assertThat(reply.json().get("acknowledged").isNull()).isTrue();
        assertThat(reply.json().get("cleared").isNull()).isTrue();
        assertThat(api.alerts.callers).singleElement().satisfies(caller -> {
            assertThat(caller.user().username()).isEqualTo(InMemoryApi.USER);
            assertThat(caller.channel()).isEqualTo("rest");
        });
    }

    @Test
    void anAlertIsAcknowledgedAndDeleted() {
        Reply acknowledged = api.call("POST", "v1/alerts/2/acknowledge").send();
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("acknowledged").asText()).isEqualTo(FakeAlertService.NOW.toString());

        assertThat(api.call("DELETE", "v1/alerts/2").send().status()).isEqualTo(204);
        Reply gone = api.call("GET", "v1/alerts/2").send();
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.call("POST", "v1/alerts/9/acknowledge").send().status()).isEqualTo(404);
    }

    @Test
    void theAlertsKeyIsShownOnlyWhenMade() {
        assertThat(api.call("GET", "v1/alerts-key").send().json().get("enabled").asBoolean()).isFalse();

        Reply made = api.call("POST", "v1/alerts-key").send();
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.json().get("key").asText()).isEqualTo(FakeAlertService.KEY);

        Reply state = api.call("GET", "v1/alerts-key").send();
        assertThat(state.json().get("enabled").asBoolean()).isTrue();
        assertThat(state.body()).doesNotContain(FakeAlertService.KEY);

        assertThat(api.call("DELETE", "v1/alerts-key").send().status()).isEqualTo(204);
        assertThat(api.alerts.keySet).isFalse();
    }

    @Test
    void alertsNeedAuthentication() {
        assertThat(api.anonymous("POST", "v1/alerts/2/acknowledge").send().status()).isEqualTo(401);
        assertThat(api.anonymous("POST", "v1/alerts-key").send().status()).isEqualTo(401);
        assertThat(api.alerts.keySet).isFalse();
    }
}
