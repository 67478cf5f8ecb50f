package io.haven.auth.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.SignInRequest;
import io.haven.testing.saml.TestIdentityProvider;
import io.haven.testing.saml.TestIdentityProvider.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SAML protocol against a small identity provider that signs its assertions with a real RSA key. */
class SamlProtocolTest {

    private static final String ACS = "https://haven.test:8443/remote_auth/complete_login/";
    private static final Map<String, List<String>> ATTRIBUTES = Map.of(
            "cpm_user_groups", List.of("staff", "cpm_ops"), "cpm_user_permissions", List.of("max_accounts=2"));

    private final SamlProtocol protocol = new SamlProtocol();
    private TestIdentityProvider idp;
    private IdentityProviderSettings settings;

    @BeforeEach
    void start() throws Exception {
        idp = new TestIdentityProvider();
        settings = new IdentityProviderSettings(true, "saml", "haven.test:8443", idp.entityId(), idp.signInUrl(),
                idp.signOutUrl(), "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", idp.certificatePem());
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    @Test
    void aSignedAnswerToHavensRequestGivesTheNameSessionAndEveryAttributeValue() throws Exception {
        SignInRequest request = protocol.signInRequest(settings, "");
        assertThat(request.redirectUrl()).startsWith(idp.signInUrl() + "?SAMLRequest=");

        FederatedIdentity identity = complete(request, idp.answer(request.redirectUrl(), "carol@example.com", ATTRIBUTES));

        assertThat(identity.nameId()).isEqualTo("carol@example.com");
        assertThat(identity.sessionIndex()).startsWith("_session-");
        assertThat(identity.values("cpm_user_groups")).containsExactly("staff", "cpm_ops");
        assertThat(identity.values("cpm_user_permissions")).containsExactly("max_accounts=2");
    }

    @Test
    void everyAnswerThatProvesNothingIsRefusedWithItsReason() throws Exception {
        assertRefused(Answer.GOOD.unsigned(), "is not signed");
        assertRefused(Answer.GOOD.signedByAnotherKey(), "Signature validation failed");
        assertRefused(Answer.GOOD.withSha1(), "Signature validation failed");
        assertRefused(Answer.GOOD.forAudience("https://someone-else.example/metadata"), "not a valid audience");
        assertRefused(Answer.GOOD.issuedEarlierBy(Duration.ofHours(1)), "expired");
        assertRefused(Answer.GOOD.unsolicited(), "names no request");

        SignInRequest request = protocol.signInRequest(settings, "");
        String answer = idp.answer(request.redirectUrl(), "carol", ATTRIBUTES);
        assertThatThrownBy(() -> protocol.completeSignIn(settings, Map.of("SAMLResponse", answer), ACS, id -> false))
                .as("an answer to a request used before, or never made").isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining("no sign-in Haven started");
        assertThatThrownBy(() -> protocol.completeSignIn(settings, Map.of("SAMLResponse", answer),
                "https://evil.test/remote_auth/complete_login/", id -> id.equals(request.requestId())))
                .as("posted somewhere else than its destination").isInstanceOf(FederatedSignInException.class);
        assertThatThrownBy(() -> protocol.completeSignIn(settings, Map.of("SAMLResponse", "bm90IHhtbA=="), ACS, id -> true))
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining("no SAML response");
        assertThatThrownBy(() -> protocol.completeSignIn(settings, Map.of(), ACS, id -> true))
                .hasMessageContaining("no SAMLResponse");
    }

    @Test
    void theMetadataNamesHavensEntityIdAndSignInResponseUrl() {
        String metadata = protocol.serviceProviderMetadata(settings);
        assertThat(metadata).contains("entityID=\"https://haven.test:8443/remote_auth/metadata\"")
                .contains("Location=\"" + ACS + "\"").contains("https://haven.test:8443/remote_auth/complete_logout/")
                .contains("WantAssertionsSigned=\"true\"");
    }

    @Test
    void signingOutSendsALogoutRequestForTheUserToTheSignOutUrl() throws Exception {
        String url = protocol.signOutRequest(settings, new FederatedIdentity("carol", "_session-1", Map.of()), "")
                .orElseThrow();
        assertThat(url).startsWith(idp.signOutUrl() + "?SAMLRequest=");
        assertThat(idp.logoutRequest(url)).endsWith(" carol");
        IdentityProviderSettings none = new IdentityProviderSettings(true, "saml", "haven.test", idp.entityId(),
                idp.signInUrl(), null, settings.nameIdFormat(), idp.certificatePem());
        assertThat(protocol.signOutRequest(none, new FederatedIdentity("carol", null, Map.of()), "")).isEmpty();
    }

    @Test
    void checkSaysWhoseCertificateItIsAndWhetherTheUrlsAnswer() {
        assertThat(protocol.check(settings)).allMatch(Finding::ok).extracting(Finding::message)
                .anyMatch(m -> m.contains("Haven test identity provider") && m.contains("valid until"))
                .anyMatch(m -> m.contains("sign-in URL") && m.contains("answers HTTP 200"));
        IdentityProviderSettings broken = new IdentityProviderSettings(true, "saml", "haven.test", idp.entityId(),
                "http://127.0.0.1:9/sso", null, settings.nameIdFormat(), "garbage");
        assertThat(protocol.check(broken)).noneMatch(Finding::ok).extracting(Finding::message)
                .anyMatch(m -> m.contains("cannot be read")).anyMatch(m -> m.contains("does not answer"));
    }

    private FederatedIdentity complete(SignInRequest request, String answer) {
        return protocol.completeSignIn(settings, Map.of("SAMLResponse", answer), ACS, id -> id.equals(request.requestId()));
    }

    private void assertRefused(Answer how, String reason) throws Exception {
        SignInRequest request = protocol.signInRequest(settings, "");
        String answer = idp.answer(request.redirectUrl(), "carol", ATTRIBUTES, how);
        assertThatThrownBy(() -> complete(request, answer)).as(how.toString())
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining(reason);
    }
}
