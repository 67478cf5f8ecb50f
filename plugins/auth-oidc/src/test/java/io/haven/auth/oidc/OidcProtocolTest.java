package io.haven.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.SignInRequest;
import io.haven.testing.oidc.TestOidcProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenID Connect protocol against a real (small) provider that signs ID tokens with a real RSA key. */
class OidcProtocolTest {

    private static final String REDIRECT = "https://haven.test:8443/remote_auth/complete_login/";

    private final OidcProtocol protocol = new OidcProtocol();
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestOidcProvider provider;
    private IdentityProviderSettings settings;

    @BeforeEach
    void start() throws Exception {
        provider = new TestOidcProvider("haven", "client-secret-1");
        settings = new IdentityProviderSettings(true, "oidc", "haven.test:8443", provider.issuer(), null, null, null,
                null, "haven", "client-secret-1");
        provider.nextUser("u-123", Map.of("preferred_username", "carol", "email", "carol@example.com",
                "cpm_user_groups", List.of("staff", "cpm_ops"), "cpm_user_permissions", "max_accounts=2"));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void aCodeForARequestHavenMadeGivesTheIdTokensClaimsAsTheIdentity() throws Exception {
        SignInRequest request = protocol.signInRequest(settings, "");
        assertThat(request.redirectUrl()).startsWith(provider.issuer() + "/authorize?")
                .contains("client_id=haven").contains("state=" + request.requestId()).contains("nonce=")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));

        Map<String, String> answer = followToHaven(request);
        FederatedIdentity identity = protocol.completeSignIn(settings, answer, REDIRECT,
                id -> id.equals(request.requestId()));

        assertThat(identity.nameId()).isEqualTo("carol");
        assertThat(identity.values("cpm_user_groups")).containsExactly("staff", "cpm_ops");
        assertThat(identity.values("cpm_user_permissions")).containsExactly("max_accounts=2");
        assertThat(identity.values("user_email")).containsExactly("carol@example.com");
        assertThat(provider.tokensIssued()).isEqualTo(1);
    }

    @Test
    void anAnswerToNoRequestAForgedSignatureAnotherAudienceAndAWrongSecretProveNothing() throws Exception {
        SignInRequest first = protocol.signInRequest(settings, "");
        Map<String, String> replayed = followToHaven(first);
        assertThatThrownBy(() -> protocol.completeSignIn(settings, replayed, REDIRECT, id -> false))
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining("no sign-in Haven started");
        assertThat(provider.tokensIssued()).as("the code is not even redeemed").isZero();

        provider.signWithAnotherKey(true);
        SignInRequest forged = protocol.signInRequest(settings, "");
        assertThatThrownBy(() -> protocol.completeSignIn(settings, followToHaven(forged), REDIRECT,
                id -> id.equals(forged.requestId()))).isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining("proves nothing");
        provider.signWithAnotherKey(false);

        provider.audience("someone-else");
        SignInRequest elsewhere = protocol.signInRequest(settings, "");
        assertThatThrownBy(() -> protocol.completeSignIn(settings, followToHaven(elsewhere), REDIRECT,
                id -> id.equals(elsewhere.requestId()))).isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining("proves nothing");
        provider.audience(null);

        IdentityProviderSettings wrongSecret = settings.withClientSecret("not-the-secret");
        SignInRequest request = protocol.signInRequest(wrongSecret, "");
        assertThatThrownBy(() -> protocol.completeSignIn(wrongSecret, followToHaven(request), REDIRECT,
                id -> id.equals(request.requestId()))).isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining("invalid_client");

        assertThatThrownBy(() -> protocol.completeSignIn(settings, Map.of("error", "access_denied", "state", "x"),
                REDIRECT, id -> true)).hasMessageContaining("access_denied");
    }

    @Test
    void theNonceOfTheIdTokenMustBeTheRequestsOwn() throws Exception {
        SignInRequest one = protocol.signInRequest(settings, "");
        SignInRequest two = protocol.signInRequest(settings, "");
        Map<String, String> answerToOne = followToHaven(one);
        // The code of request one presented as the answer to request two: the state says two, the token's nonce one.
        Map<String, String> swapped = Map.of("code", answerToOne.get("code"), "state", two.requestId());
        assertThatThrownBy(() -> protocol.completeSignIn(settings, swapped, REDIRECT, id -> id.equals(two.requestId())))
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining("proves nothing");
    }

    @Test
    void checkReportsTheProviderAndItsKeysAndAnUnreachableIssuer() {
        List<Finding> good = protocol.check(settings);
        assertThat(good).allMatch(Finding::ok);
        assertThat(good).extracting(Finding::message).anyMatch(m -> m.contains("1 key(s)"))
                .anyMatch(m -> m.contains(REDIRECT));

        IdentityProviderSettings nowhere = new IdentityProviderSettings(true, "oidc", "haven.test", "http://127.0.0.1:9/",
                null, null, null, null, "haven", "s");
        assertThat(protocol.check(nowhere)).singleElement().satisfies(f -> {
            assertThat(f.ok()).isFalse();
            assertThat(f.message()).contains("cannot be read");
        });
        assertThat(protocol.requiredSettings()).contains("clientId", "clientSecret").doesNotContain("certificatePem");
    }

    @Test
    void signingOutGoesToTheProvidersEndSessionEndpointAndBackToHaven() {
        String url = protocol.signOutRequest(settings, new FederatedIdentity("carol", null, Map.of()), "").orElseThrow();
        assertThat(url).startsWith(provider.issuer() + "/logout?").contains("client_id=haven")
                .contains("post_logout_redirect_uri=" + java.net.URLEncoder.encode(
                        "https://haven.test:8443/remote_auth/complete_logout/", StandardCharsets.UTF_8));
    }

    /** What a browser does: the provider's authorization endpoint sends it back to Haven with a code and the state. */
    private Map<String, String> followToHaven(SignInRequest request) throws Exception {
        HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(URI.create(request.redirectUrl())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }
}
