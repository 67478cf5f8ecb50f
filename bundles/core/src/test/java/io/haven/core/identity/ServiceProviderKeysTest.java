package io.haven.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.IdentityProtocol;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.SignInRequest;
import io.haven.api.model.Caller;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.audit.AuditServiceImpl;
import io.haven.core.security.SecretCipher;
import io.haven.core.security.SessionServiceImpl;
import io.haven.core.security.TestSignIns;
import io.haven.core.security.UserServiceImpl;
import io.haven.store.HavenStore;
import java.security.interfaces.RSAPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Haven's own SAML key pair (decision 0044): made on first use, stored encrypted, the same for every node, never shown. */
class ServiceProviderKeysTest {

    /** The identity provider's certificate: any real one. */
    private static final String IDP_CERTIFICATE = new ServiceProviderKeys(null, null, java.time.Clock.systemUTC())
            .generate("idp.test").key().certificatePem().strip();

    private final HavenStore store = TestStores.empty();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final UserServiceImpl users = TestSignIns.users(store, clock, f -> { });
    private final AuditServiceImpl audit = new AuditServiceImpl(store, clock, Duration.ofDays(30));
    private final SessionServiceImpl sessions = TestSignIns.sessions(users, audit, clock);
    private final SecretCipher cipher = TestSignIns.cipher();
    private final IdentityProviderServiceImpl service = new IdentityProviderServiceImpl(store, users, sessions, cipher, clock);
    private final SeeingProtocol saml = new SeeingProtocol();
    private Caller root;

    @BeforeEach
    void root() {
        root = Caller.of(users.byUsername("root").orElseThrow());
        service.addProtocol(saml);
    }

    @Test
    void theKeyIsMadeOnFirstUseStoredEncryptedAndTheSameForEveryNode() throws Exception {
        assertThat(store.identityProvider().serviceProviderKey()).as("nothing before the settings").isEmpty();
        service.updateSettings(root, settings(true, true));

        service.serviceProviderMetadata();
        var key = saml.seen.get(0).serviceProviderKey();
        assertThat(key).isNotNull();
        assertThat(saml.seen.get(0).signRequests()).isTrue();
        assertThat(saml.seen.get(0).requireEncryptedAssertions()).isTrue();
        X509Certificate certificate = key.certificate();
        certificate.verify(certificate.getPublicKey()); // self-signed, SHA256withRSA
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=haven.test");
        assertThat(((RSAPrivateKey) key.privateKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(certificate.getNotAfter().toInstant()).isAfter(clock.instant().plus(Duration.ofDays(3600)));

        String pkcs8 = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
        var stored = store.identityProvider().serviceProviderKey().orElseThrow();
        assertThat(stored.keyCipher()).doesNotContain(pkcs8.substring(20, 60));
        assertThat(cipher.decrypt(stored.keyCipher())).isEqualTo(pkcs8);

        IdentityProviderServiceImpl otherNode = new IdentityProviderServiceImpl(store, users, sessions, cipher, clock);
        SeeingProtocol other = new SeeingProtocol();
        otherNode.addProtocol(other);
        otherNode.serviceProviderMetadata();
        service.serviceProviderMetadata();
        assertThat(other.seen.get(0).serviceProviderKey().certificate()).isEqualTo(certificate);
        assertThat(saml.seen.get(1).serviceProviderKey().privateKey()).isEqualTo(key.privateKey());
    }

    @Test
    void theSettingsAsShownNeverHoldThePrivateKeyAndSavingThemKeepsTheKey() {
        service.updateSettings(root, settings(true, false));
        service.serviceProviderMetadata();
        var key = saml.seen.get(0).serviceProviderKey();

        IdentityProviderSettings shown = service.settings(root);
        assertThat(shown.serviceProviderKey()).isNull();
        assertThat(shown.signRequests()).isTrue();
        assertThat(shown.requireEncryptedAssertions()).isFalse();

        service.updateSettings(root, settings(false, true));
        service.serviceProviderMetadata();
        assertThat(saml.seen.get(1).serviceProviderKey().certificate()).isEqualTo(key.certificate());
        assertThat(saml.seen.get(1).signRequests()).isFalse();
        assertThat(saml.seen.get(1).requireEncryptedAssertions()).isTrue();
    }

    @Test
    void signingIsSamlsAndBadSettingsChangeNothing() {
        service.updateSettings(root, settings(false, false));
        IdentityProviderSettings oidc = new IdentityProviderSettings(false, "oidc", "haven.test:8443", null, null, null,
                IdentityProviderRules.UNSPECIFIED, null, null, null, true, false, null);
        assertThatThrownBy(() -> service.updateSettings(root, oidc)).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("signRequests");
        assertThat(service.settings(root).protocol()).isEqualTo("saml");
        assertThat(service.settings(root).signRequests()).isFalse();
    }

    @Test
    void aRolloverMakesANewSigningKeyKeepsTheOldForItsGraceAndThenDeletesIt() {
        assertThatThrownBy(() -> service.rollOverServiceProviderKey(root, null)).as("no settings, no key")
                .isInstanceOf(ConflictException.class);
        service.updateSettings(root, settings(true, true));
        var before = service.serviceProviderKeys(root);
        assertThat(before.previous()).isNull();
        assertThat(before.current().sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        service.serviceProviderMetadata();
        var oldKey = saml.seen.get(0).serviceProviderKey();

        var rolled = service.rollOverServiceProviderKey(root, 7);

        assertThat(rolled.current().certificatePem()).isNotEqualTo(before.current().certificatePem());
        assertThat(rolled.previous().certificatePem()).isEqualTo(before.current().certificatePem());
        assertThat(rolled.previous().keptUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        service.serviceProviderMetadata();
        IdentityProviderSettings handed = saml.seen.get(1);
        assertThat(handed.serviceProviderKey().certificate()).isNotEqualTo(oldKey.certificate());
        assertThat(handed.previousServiceProviderKey().privateKey()).isEqualTo(oldKey.privateKey());
        assertThat(cipher.decrypt(store.identityProvider().previousServiceProviderKey().orElseThrow().keyCipher()))
                .as("the previous key stays encrypted").isEqualTo(Base64.getEncoder()
                        .encodeToString(oldKey.privateKey().getEncoded()));
        assertThatThrownBy(() -> service.rollOverServiceProviderKey(root, null)).as("one previous key at a time")
                .isInstanceOf(ConflictException.class).hasMessageContaining("retire it");

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(service.serviceProviderKeys(root).previous()).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        service.serviceProviderMetadata();
        assertThat(saml.seen.get(2).previousServiceProviderKey()).as("its grace is over").isNull();
        assertThat(store.identityProvider().previousServiceProviderKey()).as("and it is deleted").isEmpty();
        assertThat(saml.seen.get(2).serviceProviderKey().certificate()).isEqualTo(handed.serviceProviderKey().certificate());
    }

    @Test
    void rootRetiresThePreviousKeyAtOnceAndOnlyRootRollsOverWithinTheGraceLimits() {
        service.updateSettings(root, settings(true, false));
        assertThatThrownBy(() -> service.retirePreviousServiceProviderKey(root)).isInstanceOf(ConflictException.class);
        for (int days : new int[] {0, 366}) {
            assertThatThrownBy(() -> service.rollOverServiceProviderKey(root, days)).isInstanceOf(ValidationException.class)
                    .extracting("field").isEqualTo("graceDays");
        }
        store.users().insert("bob", "$argon2id$not-a-real-hash", false);
        Caller notRoot = Caller.of(users.byUsername("bob").orElseThrow());
        assertThatThrownBy(() -> service.rollOverServiceProviderKey(notRoot, null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.serviceProviderKeys(notRoot)).isInstanceOf(ForbiddenException.class);
        String current = service.serviceProviderKeys(root).current().certificatePem();
        assertThat(service.serviceProviderKeys(root).previous()).as("nothing changed").isNull();

        var rolled = service.rollOverServiceProviderKey(root, null);
        assertThat(rolled.previous().keptUntil()).as("30 days unless said")
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> service.retirePreviousServiceProviderKey(notRoot)).isInstanceOf(ForbiddenException.class);
        var retired = service.retirePreviousServiceProviderKey(root);

        assertThat(retired.previous()).isNull();
        assertThat(retired.current().certificatePem()).isEqualTo(rolled.current().certificatePem()).isNotEqualTo(current);
        assertThat(store.identityProvider().previousServiceProviderKey()).isEmpty();
    }

    private IdentityProviderSettings settings(boolean sign, boolean requireEncrypted) {
        return new IdentityProviderSettings(true, "saml", "haven.test:8443", "https://idp.test/metadata",
                "https://idp.test/sso", null, IdentityProviderRules.UNSPECIFIED, IDP_CERTIFICATE, null, null, sign,
                requireEncrypted, null);
    }

    /** A "saml" protocol that records the settings it is handed. */
    private static final class SeeingProtocol implements IdentityProtocol {
        final List<IdentityProviderSettings> seen = new ArrayList<>();

        @Override
        public String name() {
            return "saml";
        }

        @Override
        public String serviceProviderMetadata(IdentityProviderSettings settings) {
            seen.add(settings);
            return "<metadata/>";
        }

        @Override
        public SignInRequest signInRequest(IdentityProviderSettings settings, String relayState) {
            seen.add(settings);
            return new SignInRequest("https://idp.test/sso?r=1", "r1");
        }

        @Override
        public FederatedIdentity completeSignIn(IdentityProviderSettings settings, Map<String, String> form,
                                                String requestUrl, Predicate<String> expectedRequest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> signOutRequest(IdentityProviderSettings settings, FederatedIdentity identity,
                                               String relayState) {
            return Optional.empty();
        }

        @Override
        public List<Finding> check(IdentityProviderSettings settings) {
            return List.of();
        }
    }
}
