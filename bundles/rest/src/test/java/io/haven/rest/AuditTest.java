package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AuditEntry;
import io.haven.api.service.AuditService;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** What reaches the audit log from the REST API, and how the log is read. */
class AuditTest {

    private static final String NIGHTLY = "{'name': 'nightly', 'every': 1, 'unit': 'DAYS', 'start': '2025-01-01T01:00:00Z'}";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aChangeIsRecordedWithItsTemplateItsPathAndItsOutcome() {
        assertThat(api.call("POST", "v1/schedules").json(NIGHTLY).send().status()).isEqualTo(201);
        assertThat(api.call("PUT", "v1/schedules/1").json(NIGHTLY.replace("'every': 1", "'every': 'often'")).send().status())
                .isEqualTo(400);
        assertThat(api.call("DELETE", "v1/schedules/99").send().status()).isEqualTo(404);

        assertThat(api.audit.recorded).extracting(AuditEntry::event)
                .containsExactly("POST /schedules", "PUT /schedules/{id}", "DELETE /schedules/{id}");
        assertThat(api.audit.recorded).extracting(AuditEntry::operation)
                .containsExactly("POST /api/v1/schedules", "PUT /api/v1/schedules/1", "DELETE /api/v1/schedules/99");
        assertThat(api.audit.recorded).extracting(AuditEntry::outcome)
                .containsExactly(AuditService.SUCCEEDED, "failed: 400 bad request (every)", "failed: 404 not found");
        assertThat(api.audit.recorded).allSatisfy(entry -> {
            assertThat(entry.username()).isEqualTo(InMemoryApi.USER);
            assertThat(entry.channel()).isEqualTo("rest");
        });
    }

    @Test
    void readsAnonymousRequestsAndBodiesNeverReachTheLog() {
        api.call("GET", "v1/schedules").send();
        api.call("POST", "v1/schedules").json(NIGHTLY).send();
        assertThat(api.anonymous("POST", "v1/schedules").json(NIGHTLY).send().status()).isEqualTo(401);
        api.call("PUT", "v1/password").json("{'currentPassword': '" + InMemoryApi.PASSWORD
                + "', 'newPassword': 'correct horse battery staple 1'}").send();

        assertThat(api.audit.recorded).extracting(AuditEntry::event).containsExactly("POST /schedules", "PUT /password");
        assertThat(api.audit.recorded.toString()).doesNotContain(InMemoryApi.PASSWORD).doesNotContain("horse")
                .doesNotContain("nightly");
    }

    @Test
    void theLogIsReadWithItsFiltersAndBadOnesAreNamed() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        Reply reply = api.call("GET", "v1/audit?userId=3&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00%2B01:00&before=9&limit=5").send();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("items").get(0).get("event").asText()).isEqualTo("POST /schedules");
        assertThat(api.audit.lastQuery.userId()).isEqualTo(3L);
        assertThat(api.audit.lastQuery.to()).hasToString("2026-01-31T23:00:00Z");
        assertThat(api.audit.lastQuery.before()).isEqualTo(9L);
        assertThat(api.audit.lastQuery.limit()).isEqualTo(5);

        Reply bad = api.call("GET", "v1/audit?from=yesterday").send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("from");
        assertThat(api.call("GET", "v1/audit?limit=1001").send().json().get("field").asText()).isEqualTo("limit");
    }
}
