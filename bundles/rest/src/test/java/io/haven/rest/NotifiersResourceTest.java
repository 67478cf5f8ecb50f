package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** Notifiers over REST (guide 15.3-15.5): settings, secrets hidden, tests and deliveries. */
class NotifiersResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aNotifierIsAddedWithDefaultsAndItsSecretIsNeverShown() {
        Reply made = api.call("POST", "v1/notifiers").json("{'name': 'ops', 'type': 'webhook', "
                + "'settings': {'url': 'https://hooks.example/T/B/s3cr3t'}}").send();

        assertThat(made.status()).isEqualTo(201);
        assertThat(made.header("Location")).endsWith("/v1/notifiers/1");
        assertThat(made.json().get("alerts").asBoolean()).isTrue();
        assertThat(made.json().get("summary").asBoolean()).isFalse();
        assertThat(made.body()).doesNotContain("s3cr3t");
        assertThat(api.call("GET", "v1/notifiers").send().json().get(0).get("settings").get("url").asText())
                .isEqualTo("********");
        assertThat(api.notifiers.lastCaller.user().username()).isEqualTo(InMemoryApi.USER);
    }

    @Test
    void badSettingsAre400NamingTheSetting() {
        Reply reply = api.call("POST", "v1/notifiers").json("{'name': 'ops', 'type': 'webhook', 'settings': {}}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("settings.url");
        assertThat(api.notifiers.drafts).isEmpty();
    }

    @Test
    void aNotifierIsChangedTestedFollowedAndRemoved() {
        api.call("POST", "v1/notifiers").json("{'name': 'ops', 'type': 'webhook', 'settings': {'url': 'https://x'}}").send();

        Reply changed = api.call("PUT", "v1/notifiers/1").json("{'name': 'ops2', 'summary': true, "
                + "'settings': {'url': '********'}}").send();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("name").asText()).isEqualTo("ops2");
        assertThat(changed.json().get("summary").asBoolean()).isTrue();

        Reply test = api.call("POST", "v1/notifiers/1/test").send();
        assertThat(test.status()).isEqualTo(202);
        assertThat(test.json().get("state").asText()).isEqualTo("QUEUED");
        Reply deliveries = api.call("GET", "v1/notifiers/1/deliveries?limit=5").send();
        assertThat(deliveries.json().get(0).get("lastError").asText()).isEqualTo("HTTP 403");

        assertThat(api.call("DELETE", "v1/notifiers/1").send().status()).isEqualTo(204);
        assertThat(api.call("GET", "v1/notifiers/1").send().status()).isEqualTo(404);
    }

    @Test
    void theTypesListTheirSettings() {
        Reply types = api.call("GET", "v1/notifier-types").send();

        assertThat(types.json().get(0).get("type").asText()).isEqualTo("webhook");
        assertThat(types.json().get(0).get("settings").get(0).get("secret").asBoolean()).isTrue();
    }
}
