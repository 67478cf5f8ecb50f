package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.dto.ApiKeyCreated;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class ApiKeysResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void createShowsTheKeyOnceForTheCallingUser() {
        Reply reply = api.call("POST", "v1/api-keys").json("{'name': 'ci'}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("name").asText()).isEqualTo("ci");
        assertThat(reply.json().get("key").asText()).isEqualTo("hvn_generated-1");
        assertThat(api.users.createdKeyNames).containsExactly("ci");
    }

    @Test
    void aKeyNeedsAName() {
        Reply reply = api.call("POST", "v1/api-keys").json("{}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("name");
    }

    @Test
    void theKeyIsNotInToString() {
        assertThat(new ApiKeyCreated("ci", "hvn_secret").toString()).doesNotContain("hvn_secret").contains("ci");
    }
}
