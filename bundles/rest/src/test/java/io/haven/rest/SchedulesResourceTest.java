package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.model.Frequency;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SchedulesResourceTest {

    private static final String NIGHTLY = "{'name': 'nightly', 'description': 'every night', 'every': 1, "
            + "'unit': 'DAYS', 'start': '2025-01-01T01:00:00Z', 'weekdays': ['MONDAY', 'FRIDAY'], "
            + "'disabledWindows': [{'day': 'SUNDAY', 'from': '22:00', 'to': '02:00'}]}";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void createAnswers201WithLocationAndTheFullSpec() {
        Reply reply = api.call("POST", "v1/schedules").json(NIGHTLY).send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo(InMemoryApi.BASE + "v1/schedules/1");
        JsonNode schedule = reply.json();
        assertThat(schedule.get("id").asLong()).isEqualTo(1);
        assertThat(schedule.get("nextRun").asText()).isEqualTo("2025-01-01T01:00:00Z");
        assertThat(schedule.get("every").asInt()).isEqualTo(1);
        assertThat(schedule.get("unit").asText()).isEqualTo("DAYS");
        assertThat(schedule.get("start").asText()).isEqualTo("2025-01-01T01:00:00Z");
        assertThat(schedule.get("end").isNull()).isTrue();
        assertThat(schedule.get("weekdays")).extracting(JsonNode::asText).containsExactlyInAnyOrder("MONDAY", "FRIDAY");
        JsonNode window = schedule.get("disabledWindows").get(0);
        assertThat(window.get("day").asText()).isEqualTo("SUNDAY");
        assertThat(window.get("from").asText()).startsWith("22:00");
        assertThat(window.get("to").asText()).startsWith("02:00");
    }

    /** What GET returns has the request's shape, flat, plus id and next run: no nested spec. */
    @Test
    void aFetchedScheduleIsFlatWithEveryField() {
        api.call("POST", "v1/schedules").json(NIGHTLY.replace("'weekdays'",
                "'end': '2025-12-31T23:00:00Z', 'weekdays'")).send();

        Reply reply = api.call("GET", "v1/schedules/1").send();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode schedule = reply.json();
        assertThat(schedule.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "description",
                "every", "unit", "start", "end", "weekdays", "disabledWindows", "nextRun");
        assertThat(schedule.get("id").asLong()).isEqualTo(1);
        assertThat(schedule.get("name").asText()).isEqualTo("nightly");
        assertThat(schedule.get("description").asText()).isEqualTo("every night");
        assertThat(schedule.get("every").asInt()).isEqualTo(1);
        assertThat(schedule.get("unit").asText()).isEqualTo("DAYS");
        assertThat(schedule.get("start").asText()).isEqualTo("2025-01-01T01:00:00Z");
        assertThat(schedule.get("end").asText()).isEqualTo("2025-12-31T23:00:00Z");
        assertThat(schedule.get("weekdays")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("MONDAY", "FRIDAY");
        assertThat(schedule.get("disabledWindows")).hasSize(1);
        assertThat(schedule.get("disabledWindows").get(0).get("day").asText()).isEqualTo("SUNDAY");
        assertThat(schedule.get("nextRun").asText()).isEqualTo("2025-01-01T01:00:00Z");
    }

    @Test
    void theRequestReachesTheServiceAsAScheduleSpec() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        var spec = api.schedules.get(null, 1).spec();
        assertThat(spec.unit()).isEqualTo(Frequency.DAYS);
        assertThat(spec.start()).isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
        assertThat(spec.weekdays()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertThat(spec.disabledWindows().get(0).from()).isEqualTo(LocalTime.of(22, 0));
    }

    @Test
    void leavingOutEveryIsReportedNotTakenAsZero() {
        Reply reply = api.call("POST", "v1/schedules")
                .json("{'name': 'x', 'unit': 'DAYS', 'start': '2025-01-01T01:00:00Z'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("every");
    }

    @Test
    void listGetUpdateDelete() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        assertThat(api.call("GET", "v1/schedules").send().json().findValuesAsText("name")).containsExactly("nightly");
        assertThat(api.call("GET", "v1/schedules/1").send().json().get("name").asText()).isEqualTo("nightly");

        Reply updated = api.call("PUT", "v1/schedules/1")
                .json("{'name': 'hourly', 'every': 2, 'unit': 'HOURS', 'start': '2025-01-01T00:00:00Z'}").send();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asText()).isEqualTo("hourly");
        assertThat(api.schedules.get(null, 1).spec().every()).isEqualTo(2);

        assertThat(api.call("DELETE", "v1/schedules/1").send().status()).isEqualTo(204);
        assertThat(api.call("GET", "v1/schedules/1").send().status()).isEqualTo(404);
    }

    @Test
    void aScheduleInUseCannotBeDeleted() {
        api.call("POST", "v1/schedules").json(NIGHTLY.replace("nightly", "in-use")).send();

        assertThat(api.call("DELETE", "v1/schedules/1").send().status()).isEqualTo(409);
    }

    @Test
    void nextRunsDefaultsToFiveIsoInstants() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        Reply reply = api.call("GET", "v1/schedules/1/next-runs").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.schedules.lastCount).isEqualTo(5);
        assertThat(reply.json()).extracting(JsonNode::asText)
                .startsWith("2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z").hasSize(5);
    }

    @Test
    void nextRunsTakesACount() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        assertThat(api.call("GET", "v1/schedules/1/next-runs?count=12").send().json().size()).isEqualTo(12);
        assertThat(api.schedules.lastCount).isEqualTo(12);
    }

    @Test
    void aBadCountIs400NamingIt() {
        api.call("POST", "v1/schedules").json(NIGHTLY).send();

        for (String count : new String[] {"0", "101", "five"}) {
            Reply reply = api.call("GET", "v1/schedules/1/next-runs?count=" + count).send();
            assertThat(reply.status()).as(count).isEqualTo(400);
            assertThat(reply.json().get("field").asText()).isEqualTo("count");
        }
    }

    @Test
    void aPreviewAnswersTheNextRunsOfAnUnsavedScheduleAndStoresNothing() {
        Reply reply = api.call("POST", "v1/schedule-preview")
                .json("{'name': 'nightly', 'every': 1, 'unit': 'DAYS', 'start': '2026-01-01T01:00:00Z'}").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).hasSize(5);
        assertThat(reply.json().get(0).asText()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(api.schedules.list(null)).isEmpty();
    }

    @Test
    void aPreviewRefusesWhatCreateRefusesNamingTheField() {
        Reply reply = api.call("POST", "v1/schedule-preview")
                .json("{'name': 'nightly', 'every': 0, 'unit': 'DAYS', 'start': '2026-01-01T01:00:00Z'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("every");
    }
}
