package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.service.HavenException;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** Every kind of error comes back as an RFC 9457 problem document with the right status and field. */
class ProblemDocumentTest {

    private static final String VALID_POLICY = "{'name': 'daily', 'accountId': 1, 'generations': 7}";

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aValidationExceptionIs400NamingTheField() {
        Reply reply = api.call("POST", "v1/policies").json("{'name': 'daily', 'accountId': 1, 'generations': 0}").send();

        assertProblem(reply, 400, "validation");
        assertThat(reply.json().get("field").asText()).isEqualTo("generations");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Keep at least 1 generation");
    }

    @Test
    void anUnknownIdIs404() {
        Reply reply = api.call("GET", "v1/policies/42").send();

        assertProblem(reply, 404, "not-found");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Policy 42 does not exist");
    }

    @Test
    void aConflictIs409() {
        api.call("POST", "v1/policies").json(VALID_POLICY).send();
        api.call("POST", "v1/policies/1/run").send();

        Reply reply = api.call("POST", "v1/policies/1/run").send();

        assertProblem(reply, 409, "conflict");
        assertThat(reply.json().get("detail").asText()).contains("already in progress");
    }

    @Test
    void anyOtherHavenExceptionIs400() {
        api.accounts.failWith = new HavenException("The store is read-only during an upgrade");

        Reply reply = api.call("GET", "v1/accounts").send();

        assertProblem(reply, 400, "refused");
        assertThat(reply.json().get("detail").asText()).isEqualTo("The store is read-only during an upgrade");
    }

    @Test
    void aTypoInAPropertyNameIs400NamingIt() {
        Reply reply = api.call("POST", "v1/policies")
                .json("{'name': 'daily', 'accountId': 1, 'generatons': 7}").send();

        assertProblem(reply, 400, "invalid-json");
        assertThat(reply.json().get("field").asText()).isEqualTo("generatons");
        assertThat(reply.json().get("detail").asText())
                .startsWith("Unknown property 'generatons'").contains("generations");
        assertThat(api.policies.lastSpec).isNull();
    }

    @Test
    void aWrongTypeIs400NamingThePathAndTheExpectedType() {
        Reply reply = api.call("POST", "v1/policies")
                .json("{'name': 'daily', 'accountId': 1, 'generations': 'seven'}").send();

        assertProblem(reply, 400, "invalid-json");
        assertThat(reply.json().get("field").asText()).isEqualTo("generations");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Expected a whole number");
    }

    @Test
    void aNumberInAStringIsNotSilentlyAccepted() {
        Reply reply = api.call("POST", "v1/policies")
                .json("{'name': 'daily', 'accountId': 1, 'generations': '7'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("generations");
    }

    @Test
    void aBadValueDeepInTheBodyIsNamedByItsPath() {
        Reply reply = api.call("POST", "v1/schedules").json("{'name': 'nightly', 'every': 1, 'unit': 'DAYS', "
                + "'start': '2025-01-01T00:00:00Z', 'disabledWindows': [{'from': '22:00', 'to': 'late'}]}").send();

        assertProblem(reply, 400, "invalid-json");
        assertThat(reply.json().get("field").asText()).isEqualTo("disabledWindows[0].to");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Expected a time of day such as 02:30, got \"late\"");
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        Reply reply = api.call("POST", "v1/accounts").json("{'name': 'prod', 'authMethod': 'PASSWORD'}").send();

        assertProblem(reply, 400, "invalid-json");
        assertThat(reply.json().get("field").asText()).isEqualTo("authMethod");
        assertThat(reply.json().get("detail").asText())
                .isEqualTo("Expected one of ACCESS_KEYS, INSTANCE_ROLE, ASSUME_ROLE, got \"PASSWORD\"");
    }

    @Test
    void anInstantThatIsNotIsoIsNamed() {
        Reply reply = api.call("POST", "v1/schedules")
                .json("{'name': 'nightly', 'every': 1, 'unit': 'DAYS', 'start': 'tomorrow'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("start");
        assertThat(reply.json().get("detail").asText()).startsWith("Expected an ISO-8601 instant");
    }

    @Test
    void malformedJsonIs400WithTheLocation() {
        Reply reply = api.call("POST", "v1/policies").json("{'name': 'daily', 'generations': 7,}").send();

        assertProblem(reply, 400, "invalid-json");
        assertThat(reply.json().get("detail").asText()).startsWith("Malformed JSON at line 1, column");
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    void aMissingRequiredFieldIs400NamingIt() {
        Reply reply = api.call("POST", "v1/policies").json("{'name': 'daily', 'accountId': 1}").send();

        assertProblem(reply, 400, "validation");
        assertThat(reply.json().get("field").asText()).isEqualTo("generations");
        assertThat(reply.json().get("detail").asText()).isEqualTo("The field 'generations' is required");
    }

    @Test
    void anEmptyBodyIs400() {
        Reply reply = api.call("POST", "v1/policies").json("").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
        assertThat(reply.json().get("detail").asText()).isEqualTo("A JSON body is required");
    }

    @Test
    void aJsonNullBodyIs400() {
        Reply reply = api.call("POST", "v1/policies").json("null").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    void anUnknownPathIs404() {
        Reply reply = api.call("GET", "v1/nothing-here").send();

        assertProblem(reply, 404, "not-found");
        assertThat(reply.json().get("detail").asText()).isEqualTo("No resource at this path");
    }

    @Test
    void aNonNumericIdIs400NamingTheParameter() {
        Reply reply = api.call("GET", "v1/policies/daily").send();

        assertProblem(reply, 400, "validation");
        assertThat(reply.json().get("field").asText()).isEqualTo("id");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Reply reply = api.call("PATCH", "v1/policies/1").send();

        assertProblem(reply, 405, "method-not-allowed");
        assertThat(reply.header("Allow")).contains("GET", "PUT", "DELETE");
        assertThat(reply.json().get("detail").asText()).contains("GET");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Reply reply = api.call("POST", "v1/policies").body("text/plain", "name=daily").send();

        assertProblem(reply, 415, "unsupported-media-type");
    }

    @Test
    void anUnexpectedFailureIs500WithAnErrorIdAndNoInternals() {
        api.accounts.failWith = new IllegalStateException("connection to jdbc:derby:/secret/path refused");

        Reply reply = api.call("GET", "v1/accounts").send();

        assertProblem(reply, 500, "internal-error");
        JsonNode problem = reply.json();
        assertThat(problem.get("errorId").asText()).matches("[0-9a-f-]{36}");
        assertThat(problem.get("detail").asText()).contains(problem.get("errorId").asText());
        assertThat(reply.body()).doesNotContain("derby", "IllegalStateException", "at io.haven");
    }

    private static void assertProblem(Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://haven.dev/problems/" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
