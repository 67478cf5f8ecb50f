package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.testing.FakeUserService;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeysResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void createShowsTheKeyOnceForTheCallingUser() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'ci'}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("name").asText()).isEqualTo("ci");
        assertThat(reply.json().get("key").asText()).isEqualTo("hvn_generated-1");
        assertThat(reply.json().get("id").asLong()).isEqualTo(1);
        assertThat(reply.json().get("created").asText()).isEqualTo(FakeUserService.NOW.toString());
        assertThat(reply.json().get("expires").isNull()).isTrue();
        assertThat(api.users.createdKeyNames).containsExactly("ci");
    }

    @Test
    void aKeyMayExpire() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'ci', 'expires': '2026-07-01T00:00:00Z'}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("expires").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(api.users.keys.get(0).expires()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
    }

    @Test
    void aKeyMayBeReadOnlyAndCoreDecidesWhenNothingIsSaid() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'dashboards', 'readOnly': true}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("readOnly").asBoolean()).isTrue();
        api.call("POST", "v1/api-keys").json("{'name': 'ci'}").send();
        assertThat(api.users.keyDrafts).extracting(d -> d.name() + "/" + d.readOnly())
                .containsExactly("dashboards/true", "ci/null");
        assertThat(api.call("GET", "v1/api-keys").send().json().findValuesAsText("readOnly")).containsExactly("true", "false");
    }

    @Test
    void aMalformedReadOnlyIs400NamingTheField() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'ci', 'readOnly': 'maybe'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("readOnly");
        assertThat(api.users.keys).isEmpty();
    }

    @Test
    void aMalformedExpiryIs400NamingTheField() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'ci', 'expires': 'next week'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("expires");
        assertThat(api.users.keys).isEmpty();
    }

    @Test
    void theListShowsNamesAndDatesButNeverAKey() {
        api.call("POST", "v1/api-keys").json("{'name': 'ci'}").send();
        api.call("POST", "v1/api-keys").json("{'name': 'backup-script'}").send();

        Reply reply = api.call("GET", "v1/api-keys").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().findValuesAsText("name")).containsExactly("ci", "backup-script");
        assertThat(reply.json().get(0).has("lastUsed")).isTrue();
        assertThat(reply.body()).doesNotContain("hvn_generated").doesNotContain("\"key\"");
    }

    @Test
    void aRevokedKeyIsGoneAndRevokingItAgainIs404() {
        api.call("POST", "v1/api-keys").json("{'name': 'ci'}").send();

        assertThat(api.call("DELETE", "v1/api-keys/1").send().status()).isEqualTo(204);
        assertThat(api.users.keys).isEmpty();
        assertThat(api.call("DELETE", "v1/api-keys/1").send().status()).isEqualTo(404);
    }

    @Test
    void aKeyNeedsAName() {
        Reply reply = api.call("POST", "v1/api-keys").json("{}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("name");
    }

    @Test
    void theKeyIsNotInToString() {
        assertThat(new ApiKeyCreated(1, "ci", Instant.EPOCH, null, false, "hvn_secret").toString())
                .doesNotContain("hvn_secret").contains("ci");
    }
}
