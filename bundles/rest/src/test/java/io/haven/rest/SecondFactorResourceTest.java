package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.SecondFactorState;
import io.haven.rest.dto.SecondFactorCode;
import io.haven.rest.dto.SignInRequest;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** The second factor through REST (issue 9): the adapters only; the rules are core's (SecondFactorTest). */
class SecondFactorResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aUserStartsAndConfirmsTheirSecondFactorAndTheSecretIsNotCached() {
        assertThat(api.call("GET", "v1/second-factor").send().json().get("state").asText()).isEqualTo("OFF");

        Reply started = api.call("POST", "v1/second-factor").send();
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.header("Cache-Control")).isEqualTo("no-store");
        assertThat(started.json().get("secret").asText()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(started.json().get("uri").asText()).startsWith("otpauth://totp/");

        Reply wrong = api.call("PUT", "v1/second-factor").json("{'code': '654321'}").send();
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("code");
        assertThat(api.users.secondFactor).as("nothing changed").isEqualTo(SecondFactorState.PENDING);

        assertThat(api.call("PUT", "v1/second-factor").json("{'code': '123456'}").send().status()).isEqualTo(204);
        assertThat(api.call("GET", "v1/second-factor").send().json().get("state").asText()).isEqualTo("ON");
        assertThat(api.call("POST", "v1/second-factor").send().status()).as("already on").isEqualTo(409);
    }

    @Test
    void turningOffNeedsACodeAndAMissingOneIs400NamingIt() {
        api.users.secondFactor = SecondFactorState.ON;
        Reply missing = api.call("POST", "v1/second-factor/turn-off").json("{}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("code");
        assertThat(api.call("POST", "v1/second-factor/turn-off").json("{'code': '123456'}").send().status()).isEqualTo(204);
        assertThat(api.users.secondFactor).isEqualTo(SecondFactorState.OFF);
    }

    @Test
    void aManagerTurnsAUsersSecondFactorOffAndAnUnknownUserIs404() {
        api.users.secondFactor = SecondFactorState.ON;
        assertThat(api.call("DELETE", "v1/users/999/second-factor").send().status()).isEqualTo(404);
        assertThat(api.users.secondFactor).isEqualTo(SecondFactorState.ON);
    }

    @Test
    void theConsoleSignInAsksForTheCodeThenTakesIt() {
        api.users.secondFactorCode = "123456";
        Reply asked = api.anonymous("POST", "v1/session")
                .json("{'username': '" + InMemoryApi.USER + "', 'password': '" + InMemoryApi.PASSWORD + "'}").send();
        assertThat(asked.status()).isEqualTo(401);
        assertThat(asked.json().get("type").asText()).endsWith("second-factor-required");
        assertThat(asked.header("WWW-Authenticate")).as("no browser dialog").isNull();
        assertThat(asked.header("Set-Cookie")).isNull();

        Reply wrong = api.anonymous("POST", "v1/session").json("{'username': '" + InMemoryApi.USER + "', 'password': '"
                + InMemoryApi.PASSWORD + "', 'code': '000000'}").send();
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("type").asText()).endsWith("unauthorized");

        Reply signedIn = api.anonymous("POST", "v1/session").json("{'username': '" + InMemoryApi.USER + "', 'password': '"
                + InMemoryApi.PASSWORD + "', 'code': '123456'}").send();
        assertThat(signedIn.status()).isEqualTo(201);
        assertThat(api.users.codesSeen).containsExactly(null, "000000", "123456");
    }

    @Test
    void basicWithoutTheAppendedCodeIs401SayingHowAndWithItWorks() {
        api.users.secondFactorCode = "123456";
        Reply asked = api.anonymous("GET", "v1/accounts").basic(InMemoryApi.USER, InMemoryApi.PASSWORD).send();
        assertThat(asked.status()).isEqualTo(401);
        assertThat(asked.json().get("type").asText()).endsWith("second-factor-required");
        assertThat(asked.json().get("detail").asText()).contains("append the current code");
        assertThat(api.anonymous("GET", "v1/accounts").basic(InMemoryApi.USER, InMemoryApi.PASSWORD + "123456").send()
                .status()).isEqualTo(200);
    }

    @Test
    void codesAreNotInToString() {
        assertThat(new SecondFactorCode("123456").toString()).doesNotContain("123456");
        assertThat(new SignInRequest("alice", "secret-password", "123456").toString()).doesNotContain("123456")
                .doesNotContain("secret-password");
    }
}
