package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.dto.PasswordChange;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class PasswordResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void theCallerChangesTheirPasswordWithTheCurrentOne() {
        Reply reply = api.call("PUT", "v1/password")
                .json("{'currentPassword': '" + InMemoryApi.PASSWORD + "', 'newPassword': 'a much longer passphrase'}").send();

        assertThat(reply.status()).isEqualTo(204);
        assertThat(api.anonymous("GET", "v1/accounts").basic(InMemoryApi.USER, "a much longer passphrase").send().status())
                .isEqualTo(200);
        assertThat(api.call("GET", "v1/accounts").send().status()).as("the old password").isEqualTo(401);
    }

    @Test
    void aWrongCurrentPasswordIs400NamingIt() {
        Reply reply = api.call("PUT", "v1/password")
                .json("{'currentPassword': 'wrong', 'newPassword': 'a much longer passphrase'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("currentPassword");
        assertThat(reply.body()).doesNotContain("a much longer passphrase");
        assertThat(api.call("GET", "v1/accounts").send().status()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void aMissingNewPasswordIs400NamingIt() {
        Reply reply = api.call("PUT", "v1/password").json("{'currentPassword': '" + InMemoryApi.PASSWORD + "'}").send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("newPassword");
    }

    @Test
    void passwordsAreNotInToString() {
        assertThat(new PasswordChange("old-secret", "new-secret").toString()).doesNotContain("secret");
    }
}
