package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.rest.http.BodyLimit;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a fuzzer found (issue 8): input that gave a 500, was stored although it is not valid text, or was
 * taken although the document says it is invalid. Each is a 400 (or 413) problem document naming the
 * field, and changes nothing.
 */
class HostileInputTest {

    private static final String SCHEDULE = "'name': 'nightly', 'every': 1, 'unit': 'DAYS', 'start': '2025-03-01T02:00:00Z'";
    private static final String POLICY = "'name': 'daily', 'accountId': 1, 'generations': 7";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aNullInsideAnArrayIsRefusedNamingTheItem() {
        assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE + ", 'disabledWindows': [null]}").send(),
                "disabledWindows[0]");
        assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE + ", 'weekdays': ['MONDAY', null]}").send(),
                "weekdays[1]");
        assertInvalid(api.call("POST", "v1/policies").json("{" + POLICY + ", 'scheduleIds': [null]}").send(),
                "scheduleIds[0]");
        assertThat(api.call("GET", "v1/schedules").send().json()).isEmpty();
        assertThat(api.call("GET", "v1/policies").send().json()).isEmpty();
    }

    @Test
    void aNullValueInsideAnObjectIsRefusedNamingIt() {
        api.call("POST", "v1/policies").json("{" + POLICY + "}").send();

        Reply reply = api.call("POST", "v1/policies/1/targets")
                .json("{'type': 'ebs-volume', 'region': 'us-east-1', 'resourceId': 'vol-1', 'options': {'devices': null}}")
                .send();

        assertInvalid(reply, "options.devices");
        assertThat(api.call("GET", "v1/policies/1/targets").send().json()).isEmpty();
    }

    /** A null property is an absent one, as the document says (optional properties are nullable). */
    @Test
    void aNullPropertyIsAnAbsentOne() {
        assertInvalid(api.call("POST", "v1/policies").json("{'name': 'daily', 'accountId': 1, 'generations': null}").send(),
                "generations");
        assertThat(api.call("GET", "v1/policies").send().json()).isEmpty();

        Reply defaults = api.call("POST", "v1/policies")
                .json("{" + POLICY + ", 'retries': null, 'scripts': {'collectOutput': null}}").send();
        assertThat(defaults.status()).as(defaults.body()).isEqualTo(201);
        assertThat(defaults.json().get("retries").asInt()).isEqualTo(3);
        assertThat(defaults.json().get("scripts").get("collectOutput").asBoolean()).isFalse();

        Reply everyDay = api.call("POST", "v1/schedules")
                .json("{" + SCHEDULE + ", 'disabledWindows': [{'day': null, 'from': '01:00', 'to': '02:00'}]}").send();
        assertThat(everyDay.status()).as(everyDay.body()).isEqualTo(201);
    }

    /** {"name": false} was stored as the name "false". */
    @Test
    void aBooleanOrNumberIsNotAString() {
        assertInvalid(api.call("POST", "v1/api-keys").json("{'name': false}").send(), "name");
        assertInvalid(api.call("POST", "v1/api-keys").json("{'name': 12}").send(), "name");
        assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE.replace("'nightly'", "1.5") + "}").send(),
                "name");
        assertThat(api.users.createdKeyNames).isEmpty();
    }

    /** A number is not a date-time: "start": 0 was read as 1970. */
    @Test
    void timesAreReadOnlyInTheDocumentedForm() {
        for (String start : new String[] {"0", "1700000000", "'0'", "'2025-01-31'", "'2025-01-31 02:00:00Z'", "[2025, 1, 31]"}) {
            assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE.replace("'2025-03-01T02:00:00Z'", start) + "}")
                    .send(), "start");
        }
        for (String from : new String[] {"3600", "[2, 30]", "'2:30'", "'02:30:00.'", "'24:00'"}) {
            assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE + ", 'disabledWindows': [{'from': " + from
                    + ", 'to': '03:00'}]}").send(), "disabledWindows[0].from");
        }
        assertThat(api.call("GET", "v1/schedules").send().json()).isEmpty();

        Reply offset = api.call("POST", "v1/schedules").json("{" + SCHEDULE.replace("'2025-03-01T02:00:00Z'",
                "'2025-03-01t03:00:00.5+01:00'") + ", 'disabledWindows': [{'from': '02:30:00.25', 'to': '03:00'}]}").send();
        assertThat(offset.status()).as(offset.body()).isEqualTo(201);
        assertThat(offset.json().get("start").asText()).isEqualTo("2025-03-01T02:00:00.500Z");
    }

    @Test
    void aLoneSurrogateIsNotText() {
        Reply reply = api.call("POST", "v1/schedules").json("{" + SCHEDULE.replace("nightly", "night\\ud800ly") + "}").send();

        assertInvalid(reply, "name");
        assertThat(reply.json().get("detail").asText()).contains("surrogate");
        assertInvalid(api.call("POST", "v1/schedules").json("{" + SCHEDULE + ", 'description': '\\udc00'}").send(),
                "description");
        assertThat(api.call("GET", "v1/schedules").send().json()).isEmpty();

        // A proper pair (U+1F600) is text like any other.
        assertThat(api.call("POST", "v1/schedules").json("{" + SCHEDULE.replace("nightly", "night\\ud83d\\ude00") + "}")
                .send().status()).isEqualTo(201);
    }

    /** C0 AF is an overlong "/": Jackson decoded it, and it was stored as "/". */
    @Test
    void malformedUtf8InTheBodyIsRefused() {
        byte[] overlong = concat("{\"name\": \"a".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF},
                ("b\", " + SCHEDULE.substring(SCHEDULE.indexOf("'every'")).replace('\'', '"') + "}")
                        .getBytes(StandardCharsets.UTF_8));
        byte[] encodedSurrogate = concat("{\"name\": \"a".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}".getBytes(StandardCharsets.UTF_8));

        for (byte[] body : new byte[][] {overlong, encodedSurrogate}) {
            Reply reply = api.call("POST", "v1/schedules").bytes("application/json", body).send();
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().get("field").asText()).isEqualTo("body");
        }
        assertThat(api.call("GET", "v1/schedules").send().json()).isEmpty();
    }

    @Test
    void malformedUtf8InAQueryOrPathIsRefused() {
        Reply query = api.call("GET", "v1/backups?q=a%C0%AFb").send();
        assertInvalid(query, "q");
        Reply surrogate = api.call("GET", "v1/backups?q=%ED%A0%80").send();
        assertInvalid(surrogate, "q");
        Reply path = api.call("GET", "v1/backups/1/recovery/i-%C0%AF/image").send();
        assertInvalid(path, "path");
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() {
        String big = "{'name': '" + "x".repeat(BodyLimit.MAX_BYTES) + "'}";

        Reply declared = api.call("POST", "v1/api-keys").json(big)
                .header("Content-Length", String.valueOf(big.length())).send();
        Reply chunked = api.call("POST", "v1/api-keys").json(big).send();

        for (Reply reply : new Reply[] {declared, chunked}) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(413);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().get("field").asText()).isEqualTo("body");
        }
        assertThat(api.users.createdKeyNames).isEmpty();
        assertThat(api.call("POST", "v1/api-keys").json("{'name': '" + "x".repeat(100) + "'}").send().status())
                .isEqualTo(201);
    }

    @Test
    void anEmptyQueryValueIsRefusedNamingTheParameter() {
        for (String parameter : new String[] {"sort", "order", "page", "size", "status", "policyId", "frozen", "q"}) {
            assertInvalid(api.call("GET", "v1/backups?" + parameter + "=").send(), parameter);
        }
        assertInvalid(api.call("GET", "v1/alerts?limit=").send(), "limit");
        assertInvalid(api.call("GET", "v1/recoveries?limit=").send(), "limit");
        assertThat(api.call("GET", "v1/backups").send().status()).isEqualTo(200);
    }

    @Test
    void aPathIdThatIsNotANumberIs400() {
        for (String id : new String[] {"abc", "%20", "-1", "1.5", "99999999999999999999", "+1"}) {
            Reply reply = api.call("GET", "v1/schedules/" + id).send();
            assertInvalid(reply, "id");
        }
        assertInvalid(api.call("DELETE", "v1/policies/1/targets/x").send(), "targetId");
        assertThat(api.call("GET", "v1/schedules/7").send().status()).isEqualTo(404);
    }

    private static void assertInvalid(Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("field").asText()).as(reply.body()).isEqualTo(field);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
