package io.haven.auth.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.ServiceProviderKey;
import io.haven.api.auth.SignInRequest;
import io.haven.testing.saml.TestIdentityProvider;
import io.haven.testing.saml.TestIdentityProvider.Answer;
import io.haven.testing.saml.TestIdentityProvider.KeyAndCertificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Haven's own key as a service provider (guide 17, decision 0044): published in the metadata for signing and
 * encryption, signing the HTTP-Redirect requests (RSA-SHA256) when the settings say so, and decrypting the assertions
 * the identity provider encrypts for it; unencrypted ones refused when the settings require encryption.
 */
class SamlServiceProviderKeyTest {

    private static final String ACS = "https://haven.test:8443/remote_auth/complete_login/";
    private static final Map<String, List<String>> ATTRIBUTES = Map.of("cpm_user_groups", List.of("cpm_ops"));

    private final SamlProtocol protocol = new SamlProtocol();
    private TestIdentityProvider idp;
    private KeyAndCertificate haven;
    private IdentityProviderSettings plain;

    @BeforeEach
    void start() throws Exception {
        idp = new TestIdentityProvider();
        haven = TestIdentityProvider.newKeyAndCertificate("CN=haven.test");
        plain = new IdentityProviderSettings(true, "saml", "haven.test:8443", idp.entityId(), idp.signInUrl(),
                idp.signOutUrl(), "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", idp.certificatePem())
                .withServiceProviderKey(new ServiceProviderKey(haven.privateKey(), haven.certificate()));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    @Test
    void theMetadataPublishesHavensCertificateForSigningAndEncryptionAndNeverThePrivateKey() throws Exception {
        String metadata = protocol.serviceProviderMetadata(plain.withServiceProviderSecurity(true, false));
        String certificate = Base64.getEncoder().encodeToString(haven.certificate().getEncoded());

        assertThat(metadata).contains("<md:KeyDescriptor use=\"signing\">").contains("<md:KeyDescriptor use=\"encryption\">")
                .contains("AuthnRequestsSigned=\"true\"").contains("WantAssertionsSigned=\"true\"");
        assertThat(metadata.replaceAll("\\s", "")).contains(certificate);
        assertThat(metadata).doesNotContain(Base64.getEncoder().encodeToString(haven.privateKey().getEncoded())
                .substring(0, 40));
        assertThat(protocol.serviceProviderMetadata(plain)).as("not signing: said so").contains("AuthnRequestsSigned=\"false\"");
        assertThat(plain.toString()).doesNotContain(Base64.getEncoder().encodeToString(haven.privateKey().getEncoded())
                .substring(0, 40)).contains("CN=haven.test");
    }

    @Test
    void signInAndSignOutRequestsAreSignedWithSha256WhenTheSettingsSaySo() throws Exception {
        IdentityProviderSettings signing = plain.withServiceProviderSecurity(true, false);
        SignInRequest request = protocol.signInRequest(signing, "state-1");
        String signOut = protocol.signOutRequest(signing, new FederatedIdentity("carol", "_s", Map.of()), null).orElseThrow();

        assertThat(request.redirectUrl()).contains("&RelayState=state-1&SigAlg=")
                .contains("SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=");
        assertThat(TestIdentityProvider.requestSignedBy(request.redirectUrl(), haven.certificate())).isTrue();
        assertThat(TestIdentityProvider.requestSignedBy(signOut, haven.certificate())).isTrue();
        KeyAndCertificate other = TestIdentityProvider.newKeyAndCertificate("CN=someone else");
        assertThat(TestIdentityProvider.requestSignedBy(request.redirectUrl(), other.certificate())).isFalse();
        assertThat(TestIdentityProvider.requestSignedBy(request.redirectUrl().replace("state-1", "state-2"),
                haven.certificate())).as("a changed relay state breaks the signature").isFalse();

        SignInRequest unsigned = protocol.signInRequest(plain, "state-1");
        assertThat(unsigned.redirectUrl()).doesNotContain("Signature=").doesNotContain("SigAlg=");
        // The signed request is still answered normally.
        FederatedIdentity identity = complete(signing, request, idp.answer(request.redirectUrl(), "carol", ATTRIBUTES));
        assertThat(identity.nameId()).isEqualTo("carol");
    }

    @Test
    void anAssertionEncryptedForHavenIsDecryptedAndChecked() throws Exception {
        for (IdentityProviderSettings settings : List.of(plain, plain.withServiceProviderSecurity(false, true))) {
            SignInRequest request = protocol.signInRequest(settings, "");
            String answer = idp.answer(request.redirectUrl(), "carol@example.com", ATTRIBUTES,
                    Answer.GOOD.encryptedFor(haven.certificate()));
            assertThat(new String(Base64.getDecoder().decode(answer))).contains("EncryptedAssertion")
                    .doesNotContain("carol@example.com");

            FederatedIdentity identity = complete(settings, request, answer);

            assertThat(identity.nameId()).isEqualTo("carol@example.com");
            assertThat(identity.values("cpm_user_groups")).containsExactly("cpm_ops");
        }
    }

    @Test
    void whenEncryptionIsRequiredAnAssertionInClearIsRefusedAndSoIsOneEncryptedForAnotherKey() throws Exception {
        IdentityProviderSettings requiring = plain.withServiceProviderSecurity(false, true);
        SignInRequest request = protocol.signInRequest(requiring, "");
        String clear = idp.answer(request.redirectUrl(), "carol", ATTRIBUTES);
        assertThatThrownBy(() -> complete(requiring, request, clear)).isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining("encrypted");

        SignInRequest again = protocol.signInRequest(requiring, "");
        KeyAndCertificate other = TestIdentityProvider.newKeyAndCertificate("CN=someone else");
        String forOther = idp.answer(again.redirectUrl(), "carol", ATTRIBUTES, Answer.GOOD.encryptedFor(other.certificate()));
        assertThatThrownBy(() -> complete(requiring, again, forOther)).isInstanceOf(FederatedSignInException.class);

        SignInRequest unsigned = protocol.signInRequest(requiring, "");
        String encryptedButUnsigned = idp.answer(unsigned.redirectUrl(), "carol", ATTRIBUTES,
                Answer.GOOD.unsigned().encryptedFor(haven.certificate()));
        assertThatThrownBy(() -> complete(requiring, unsigned, encryptedButUnsigned)).as("encryption is no signature")
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining("not signed");
    }

    @Test
    void afterARolloverTheNewKeySignsBothArePublishedAndAssertionsForEitherAreReadUntilThePreviousIsRetired()
            throws Exception {
        KeyAndCertificate next = TestIdentityProvider.newKeyAndCertificate("CN=haven.test next");
        IdentityProviderSettings rolled = plain.withServiceProviderSecurity(true, true).withServiceProviderKeys(
                new ServiceProviderKey(next.privateKey(), next.certificate()),
                new ServiceProviderKey(haven.privateKey(), haven.certificate()));

        String metadata = protocol.serviceProviderMetadata(rolled).replaceAll("\\s", "");
        for (KeyAndCertificate key : List.of(haven, next)) {
            String certificate = Base64.getEncoder().encodeToString(key.certificate().getEncoded());
            assertThat(metadata.split(java.util.regex.Pattern.quote(certificate), -1)).as("signing and encryption")
                    .hasSize(3);
        }
        SignInRequest request = protocol.signInRequest(rolled, "");
        assertThat(TestIdentityProvider.requestSignedBy(request.redirectUrl(), next.certificate())).isTrue();
        assertThat(TestIdentityProvider.requestSignedBy(request.redirectUrl(), haven.certificate()))
                .as("the previous key no longer signs").isFalse();

        for (KeyAndCertificate key : List.of(haven, next)) {
            SignInRequest r = protocol.signInRequest(rolled, "");
            String answer = idp.answer(r.redirectUrl(), "carol", ATTRIBUTES, Answer.GOOD.encryptedFor(key.certificate()));
            assertThat(complete(rolled, r, answer).nameId()).isEqualTo("carol");
        }
        SignInRequest forThird = protocol.signInRequest(rolled, "");
        KeyAndCertificate other = TestIdentityProvider.newKeyAndCertificate("CN=someone else");
        String answerForThird = idp.answer(forThird.redirectUrl(), "carol", ATTRIBUTES,
                Answer.GOOD.encryptedFor(other.certificate()));
        assertThatThrownBy(() -> complete(rolled, forThird, answerForThird)).isInstanceOf(FederatedSignInException.class);

        IdentityProviderSettings retired = rolled.withServiceProviderKeys(rolled.serviceProviderKey(), null);
        assertThat(protocol.serviceProviderMetadata(retired).replaceAll("\\s", ""))
                .doesNotContain(Base64.getEncoder().encodeToString(haven.certificate().getEncoded()));
        SignInRequest afterRetiring = protocol.signInRequest(retired, "");
        String forRetired = idp.answer(afterRetiring.redirectUrl(), "carol", ATTRIBUTES,
                Answer.GOOD.encryptedFor(haven.certificate()));
        assertThatThrownBy(() -> complete(retired, afterRetiring, forRetired))
                .isInstanceOf(FederatedSignInException.class);
    }

    @Test
    void signingOrRequiringEncryptionWithoutAKeyIsAnErrorNotASilentDowngrade() {
        IdentityProviderSettings keyless = plain.withServiceProviderKey(null).withServiceProviderSecurity(true, false);
        assertThatThrownBy(() -> protocol.signInRequest(keyless, "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key of its own");
    }

    private FederatedIdentity complete(IdentityProviderSettings settings, SignInRequest request, String answer) {
        return protocol.completeSignIn(settings, Map.of("SAMLResponse", answer), ACS, id -> id.equals(request.requestId()));
    }
}
