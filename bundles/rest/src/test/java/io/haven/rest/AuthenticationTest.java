package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void withoutCredentialsTheAnswerIs401WithABasicChallenge() {
        Reply reply = api.anonymous("GET", "v1/accounts").send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Haven\"");
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asText()).isEqualTo("https://haven.dev/problems/unauthorized");
        assertThat(reply.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordIs401() {
        Reply reply = api.anonymous("GET", "v1/accounts").basic(InMemoryApi.USER, "wrong").send();

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Haven\"");
        assertThat(reply.json().get("detail").asText()).isEqualTo("The credentials were not accepted");
    }

    @Test
    void anUnknownUserIs401() {
        assertThat(api.anonymous("GET", "v1/accounts").basic("mallory", InMemoryApi.PASSWORD).send().status())
                .isEqualTo(401);
    }

    @Test
    void basicCredentialsAreAccepted() {
        assertThat(api.call("GET", "v1/accounts").send().status()).isEqualTo(200);
    }

    @Test
    void aPasswordMayContainColons() {
        // Only the first colon separates user and password (RFC 7617).
        Reply reply = api.anonymous("GET", "v1/accounts").basic(InMemoryApi.USER, InMemoryApi.PASSWORD + ":x").send();
        assertThat(reply.status()).isEqualTo(401);
        assertThat(api.users.usernamesSeen).containsExactly(InMemoryApi.USER);
        assertThat(api.users.passwordsSeen.get(0)).hasSize(InMemoryApi.PASSWORD.length() + 2);
    }

    @Test
    void thePasswordIsWipedAfterAuthentication() {
        api.call("GET", "v1/accounts").send();

        assertThat(api.users.passwordsSeen).singleElement()
                .satisfies(password -> assertThat(new String(password)).containsOnlyOnce("\0".repeat(password.length)));
    }

    @Test
    void anApiKeyIsAcceptedAsBearerToken() {
        assertThat(api.anonymous("GET", "v1/accounts").bearer(InMemoryApi.API_KEY).send().status()).isEqualTo(200);
    }

    @Test
    void anUnknownApiKeyIs401() {
        assertThat(api.anonymous("GET", "v1/accounts").bearer("hvn_nope").send().status()).isEqualTo(401);
    }

    @Test
    void garbageInTheHeaderIs401NotAnError() {
        assertThat(api.anonymous("GET", "v1/accounts").header("Authorization", "Basic ***not-base64***").send().status())
                .isEqualTo(401);
        assertThat(api.anonymous("GET", "v1/accounts").header("Authorization", "Basic " + "bm9jb2xvbg==").send().status())
                .isEqualTo(401);
        assertThat(api.anonymous("GET", "v1/accounts").header("Authorization", "Digest abc").send().status())
                .isEqualTo(401);
        assertThat(api.anonymous("GET", "v1/accounts").header("Authorization", "Bearer ").send().status())
                .isEqualTo(401);
    }

    @Test
    void unknownPathsAreHiddenFromAnonymousCallers() {
        assertThat(api.anonymous("GET", "v1/no-such-thing").send().status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentNeedsNoAuthentication() {
        Reply reply = api.anonymous("GET", "v1/openapi.json").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("openapi").asText()).startsWith("3.0");
    }

    @Test
    void theAuthenticatedUserReachesTheResources() {
        Reply reply = api.anonymous("POST", "v1/api-keys").bearer(InMemoryApi.API_KEY).json("{'name': 'ci'}").send();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.users.createdKeyNames).containsExactly("ci");
    }

    @Test
    void tooManyFailedSignInsAre429WithRetryAfter() {
        api.users.throttledSeconds = 42L;

        Reply reply = api.call("GET", "v1/accounts").send();

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("42");
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asText()).isEqualTo("https://haven.dev/problems/too-many-sign-ins");
        assertThat(reply.body()).doesNotContain(InMemoryApi.PASSWORD);
    }

    @Test
    void coreLearnsTheClientAddressToThrottleBy() {
        api.call("GET", "v1/accounts").from("203.0.113.9").send();
        api.call("GET", "v1/accounts").send();
        api.anonymous("GET", "v1/accounts").bearer(InMemoryApi.API_KEY).from("203.0.113.10").send();

        assertThat(api.users.addressesSeen).containsExactly("203.0.113.9", "unknown", "203.0.113.10");
    }
}
