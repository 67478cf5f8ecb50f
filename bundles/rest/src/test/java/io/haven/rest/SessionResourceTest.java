package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.rest.dto.SignInRequest;
import io.haven.rest.testing.InMemoryApi;
import io.haven.rest.testing.InMemoryApi.Reply;
import org.junit.jupiter.api.Test;

/** Browser sessions through REST: the cookie, CSRF on changes, sign-out (issue 9). Expiry is core's test. */
class SessionResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    private Reply signIn(String password) {
        return api.anonymous("POST", "v1/session").from("192.0.2.4")
                .json("{'username': '" + InMemoryApi.USER + "', 'password': '" + password + "'}").send();
    }

    @Test
    void signingInSetsAHostOnlySecureHttpOnlyStrictCookieAndAnswersTheCsrfToken() {
        Reply reply = signIn(InMemoryApi.PASSWORD);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Set-Cookie")).isEqualTo("__Host-haven-session=session-1; Path=/; Secure; HttpOnly; SameSite=Strict");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().get("username").asText()).isEqualTo(InMemoryApi.USER);
        assertThat(reply.json().get("csrfToken").asText()).isEqualTo("csrf-1");
        assertThat(reply.json().get("expires").asText()).isEqualTo("2026-06-01T22:00:00Z");
        assertThat(reply.body()).doesNotContain("session-1");
        assertThat(api.users.addressesSeen).containsExactly("192.0.2.4");
    }

    @Test
    void aWrongPasswordIs401WithoutABasicChallengeAndOpensNothing() {
        Reply reply = signIn("wrong-password");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isNull();
        assertThat(reply.header("Set-Cookie")).isNull();
        assertThat(reply.body()).doesNotContain("wrong-password");
        assertThat(api.sessions.isOpen("session-1")).isFalse();
    }

    @Test
    void aThrottledSignInIs429() {
        api.users.throttledSeconds = 8L;
        Reply reply = signIn(InMemoryApi.PASSWORD);
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("8");
    }

    @Test
    void missingFieldsAre400NamingThem() {
        Reply noUser = api.anonymous("POST", "v1/session").json("{'password': 'x'}").send();
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(noUser.json().get("field").asText()).isEqualTo("username");
        Reply noPassword = api.anonymous("POST", "v1/session").json("{'username': 'alice'}").send();
        assertThat(noPassword.json().get("field").asText()).isEqualTo("password");
    }

    @Test
    void theCookieAloneReadsAndTheSessionTellsItsCsrfToken() {
        signIn(InMemoryApi.PASSWORD);

        assertThat(api.anonymous("GET", "v1/accounts").session("session-1").send().status()).isEqualTo(200);
        Reply who = api.anonymous("GET", "v1/session").session("session-1").send();
        assertThat(who.status()).isEqualTo(200);
        assertThat(who.json().get("csrfToken").asText()).isEqualTo("csrf-1");
        assertThat(api.anonymous("GET", "v1/accounts").session("session-9").send().status()).isEqualTo(401);
    }

    @Test
    void aChangeWithTheCookieButWithoutTheRightCsrfTokenIs403AndChangesNothing() {
        signIn(InMemoryApi.PASSWORD);
        String schedule = "{'name': 'nightly', 'every': 1, 'unit': 'DAYS', 'start': '2026-01-01T01:00:00Z'}";

        Reply without = api.anonymous("POST", "v1/schedules").session("session-1").json(schedule).send();
        Reply wrong = api.anonymous("POST", "v1/schedules").session("session-1").header("X-CSRF-Token", "csrf-2")
                .json(schedule).send();
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.header("Content-Type")).startsWith("application/problem+json");
        assertThat(without.json().get("type").asText()).endsWith("csrf");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.schedules.list(null)).isEmpty();

        Reply with = api.anonymous("POST", "v1/schedules").session("session-1").header("X-CSRF-Token", "csrf-1")
                .json(schedule).send();
        assertThat(with.status()).isEqualTo(201);
        assertThat(api.schedules.list(null)).hasSize(1);
    }

    @Test
    void basicAndBearerRequestsNeedNoCsrfTokenAndHaveNoSession() {
        Reply who = api.call("GET", "v1/session").send();
        assertThat(who.status()).isEqualTo(200);
        assertThat(who.json().get("csrfToken").isNull()).isTrue();
        assertThat(api.anonymous("POST", "v1/schedules").bearer(InMemoryApi.API_KEY)
                .json("{'name': 'n', 'every': 1, 'unit': 'DAYS', 'start': '2026-01-01T01:00:00Z'}").send().status())
                .isEqualTo(201);
    }

    @Test
    void signingOutNeedsTheCsrfTokenEndsTheSessionAndClearsTheCookie() {
        signIn(InMemoryApi.PASSWORD);

        assertThat(api.anonymous("DELETE", "v1/session").session("session-1").send().status()).isEqualTo(403);
        assertThat(api.sessions.isOpen("session-1")).isTrue();

        Reply out = api.anonymous("DELETE", "v1/session").session("session-1").header("X-CSRF-Token", "csrf-1").send();
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).contains("__Host-haven-session=;").contains("Max-Age=0");
        assertThat(api.anonymous("GET", "v1/accounts").session("session-1").send().status()).isEqualTo(401);
    }

    @Test
    void pageScriptsGetNoBasicChallengeSoTheBrowserShowsNoPasswordDialog() {
        Reply page = api.anonymous("GET", "v1/session").header("X-Requested-With", "XMLHttpRequest").send();
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.header("WWW-Authenticate")).isEqualTo("Session realm=\"Haven\"");
        assertThat(api.anonymous("GET", "v1/session").send().header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void theSignInRequestHidesItsPassword() {
        assertThat(new SignInRequest("alice", "my-secret", null).toString()).doesNotContain("my-secret");
    }
}
