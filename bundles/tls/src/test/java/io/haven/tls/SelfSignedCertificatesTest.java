package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificatesTest {

    private static final Instant NOW = Instant.now();
    private final KeyMaterial generated =
            SelfSignedCertificates.generate(List.of("localhost", "127.0.0.1", "::1", "haven.example.org"), NOW);
    private final X509Certificate certificate = generated.leaf();

    @Test
    void namesEveryHostAsSubjectAlternativeNameWithIpLiteralsAsAddresses() throws Exception {
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(2, "haven.example.org"));
        assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=localhost,");
    }

    @Test
    void isValidNowForTwoYearsAndNotAfter() throws Exception {
        certificate.checkValidity(Date.from(NOW));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(SelfSignedCertificates.VALIDITY)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThatThrownBy(() -> certificate.checkValidity(Date.from(NOW.plus(Duration.ofDays(731)))))
                .isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void isSignedByItsOwnKeyWhichIsTheReturnedPrivateKey() throws Exception {
        certificate.verify(certificate.getPublicKey());
        assertThat(KeyPairs.matches(generated.privateKey(), certificate.getPublicKey())).isTrue();
        assertThat(generated.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(generated.chain()).containsExactly(certificate);
    }

    @Test
    void isAServerCertificateNotACertificateAuthority() throws Exception {
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    }

    @Test
    void eachGenerationHasItsOwnKeyAndSerial() {
        KeyMaterial other = SelfSignedCertificates.generate(List.of("localhost"), NOW);
        assertThat(other.leaf().getSerialNumber()).isNotEqualTo(certificate.getSerialNumber());
        assertThat(other.leaf().getPublicKey()).isNotEqualTo(certificate.getPublicKey());
    }

    @Test
    void recognisesItsOwnCertificatesOnly() throws Exception {
        assertThat(SelfSignedCertificates.isGeneratedByHaven(certificate)).isTrue();
        var keys = TestPems.keyPair("EC");
        assertThat(SelfSignedCertificates.isGeneratedByHaven(TestPems.selfSigned("CN=localhost,O=Acme", keys))).isFalse();
        assertThat(SelfSignedCertificates.isGeneratedByHaven(TestPems.certificate(
                "CN=localhost,OU=" + SelfSignedCertificates.ORGANIZATIONAL_UNIT, keys, "CN=Acme CA", keys, false)))
                .as("same subject, but issued by a CA").isFalse();
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(generated.toString()).isEqualTo("KeyMaterial[" + certificate.getSubjectX500Principal().getName()
                + ", SHA-256 " + Fingerprints.sha256(certificate) + ", chain of 1]");
    }
}
