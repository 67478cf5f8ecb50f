package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.tls.TestPems.KeyFormat;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreProvisionerTest {

    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T08:00:00Z"));

    private Path tlsDirectory() {
        return dir.resolve("data/haven/tls");
    }

    private ProvisionedKeystore provision(TlsSettings settings) throws Exception {
        // a new provisioner each time, as after a restart: nothing is remembered but the files
        return new KeystoreProvisioner(new HavenKeystore(tlsDirectory()), clock).provision(settings);
    }

    private static TlsSettings generated(List<String> hosts) {
        return new TlsSettings(8443, "0.0.0.0", 0, null, null, hosts);
    }

    private static TlsSettings configured(Path certificate, Path key) {
        return new TlsSettings(8443, "0.0.0.0", 0, certificate, key, HOSTS);
    }

    @Test
    void generatesACertificateAtFirstStartAndReusesItAtTheNext() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));
        byte[] firstBytes = Files.readAllBytes(first.path());

        ProvisionedKeystore second = provision(generated(HOSTS));

        assertThat(first.written()).isTrue();
        assertThat(first.path()).isEqualTo(tlsDirectory().resolve("haven.p12"));
        assertThat(second.written()).isFalse();
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(Files.readAllBytes(second.path())).isEqualTo(firstBytes);
        assertThat(SelfSignedCertificates.isGeneratedByHaven(second.certificate())).isTrue();
    }

    @Test
    void keepsKeystoreAndPasswordReadableByTheOwnerOnly() throws Exception {
        ProvisionedKeystore keystore = provision(generated(HOSTS));

        assertThat(Files.getPosixFilePermissions(tlsDirectory())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(keystore.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(tlsDirectory().resolve("haven.p12.password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(tlsDirectory().resolve("haven.p12.password"))).isEqualTo(keystore.password());
        assertThat(keystore.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(keystore.toString()).doesNotContain(keystore.password());
        try (var files = Files.list(tlsDirectory())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no temporary files left").containsExactlyInAnyOrder("haven.p12", "haven.p12.password");
        }
    }

    @Test
    void writesAPkcs12KeystoreJettyOpensWithThePassword() throws Exception {
        ProvisionedKeystore keystore = provision(generated(HOSTS));

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Files.readAllBytes(keystore.path())), keystore.password().toCharArray());
        assertThat(store.aliases().nextElement()).isEqualTo("haven");
        PrivateKey key = (PrivateKey) store.getKey("haven", keystore.password().toCharArray());
        assertThat(KeyPairs.matches(key, keystore.certificate().getPublicKey())).isTrue();
        assertThat(store.getCertificate("haven")).isEqualTo(keystore.certificate());
    }

    @Test
    void replacesTheGeneratedCertificateWithinThirtyDaysOfItsEnd() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));

        clock.advance(SelfSignedCertificates.VALIDITY.minus(Duration.ofDays(31)));
        ProvisionedKeystore stillValid = provision(generated(HOSTS));
        clock.advance(Duration.ofDays(2));
        ProvisionedKeystore renewed = provision(generated(HOSTS));

        assertThat(stillValid.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(renewed.written()).isTrue();
        assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(renewed.certificate().getNotAfter().toInstant()).isAfter(first.certificate().getNotAfter().toInstant());
    }

    @Test
    void replacesAnExpiredCertificate() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));
        clock.advance(SelfSignedCertificates.VALIDITY.plus(Duration.ofDays(1)));

        ProvisionedKeystore renewed = provision(generated(HOSTS));

        assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
        renewed.certificate().checkValidity(java.util.Date.from(clock.instant()));
    }

    @Test
    void replacesTheGeneratedCertificateWhenTheHostNamesChange() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));

        ProvisionedKeystore renamed = provision(generated(List.of("localhost", "127.0.0.1", "haven.internal")));

        assertThat(renamed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(SubjectAltNames.of(renamed.certificate())).containsExactly("localhost", "127.0.0.1", "haven.internal");
        assertThat(provision(generated(List.of("127.0.0.1", "LOCALHOST", "haven.internal"))).written())
                .as("same names in another order and case").isFalse();
    }

    @Test
    void servesConfiguredFilesAndRewritesNothingWhileTheyStayTheSame() throws Exception {
        provision(generated(HOSTS));
        KeyPair keys = TestPems.keyPair("RSA");
        X509Certificate certificate = TestPems.selfSigned("CN=haven.acme.test", keys);
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), certificate);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), keys, KeyFormat.PKCS1_RSA);

        ProvisionedKeystore first = provision(configured(certificateFile, keyFile));
        ProvisionedKeystore second = provision(configured(certificateFile, keyFile));

        assertThat(first.written()).isTrue();
        assertThat(first.certificate()).isEqualTo(certificate);
        assertThat(first.origin()).contains(certificateFile.toString(), keyFile.toString());
        assertThat(second.written()).isFalse();
        assertThat(new HavenKeystore(tlsDirectory()).load()).get()
                .satisfies(material -> assertThat(material.chain()).containsExactly(certificate));
    }

    @Test
    void aRenewedConfiguredCertificateReplacesTheOldOne() throws Exception {
        KeyPair keys = TestPems.keyPair("EC");
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), TestPems.selfSigned("CN=a", keys));
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), keys, KeyFormat.SEC1_EC);
        ProvisionedKeystore first = provision(configured(certificateFile, keyFile));

        X509Certificate renewed = TestPems.selfSigned("CN=a renewed", keys);
        TestPems.writeCertificates(certificateFile, renewed);
        ProvisionedKeystore second = provision(configured(certificateFile, keyFile));

        assertThat(second.written()).isTrue();
        assertThat(second.certificate()).isEqualTo(renewed);
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    void generatesAgainWhenTheConfiguredFilesAreRemovedFromTheConfiguration() throws Exception {
        KeyPair keys = TestPems.keyPair("EC");
        X509Certificate certificate = TestPems.selfSigned("CN=localhost", keys);
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), certificate);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), keys, KeyFormat.PKCS8_EC);
        provision(configured(certificateFile, keyFile));

        ProvisionedKeystore generated = provision(generated(HOSTS));

        assertThat(generated.written()).isTrue();
        assertThat(generated.certificate()).isNotEqualTo(certificate);
        assertThat(SelfSignedCertificates.isGeneratedByHaven(generated.certificate())).isTrue();
    }

    @Test
    void leavesTheKeystoreAsItWasWhenConfiguredFilesAreBad() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));
        byte[] before = Files.readAllBytes(first.path());
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> provision(configured(missing, missing)))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining(missing.toString());
        assertThat(Files.readAllBytes(first.path())).isEqualTo(before);
    }

    @Test
    void replacesACorruptKeystore() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));
        Files.write(first.path(), new byte[] {1, 2, 3});

        ProvisionedKeystore second = provision(generated(HOSTS));

        assertThat(second.written()).isTrue();
        assertThat(new HavenKeystore(tlsDirectory()).load()).isPresent();
    }

    @Test
    void replacesTheKeystoreWhenItsPasswordFileIsLost() throws Exception {
        ProvisionedKeystore first = provision(generated(HOSTS));
        Files.delete(tlsDirectory().resolve("haven.p12.password"));

        ProvisionedKeystore second = provision(generated(HOSTS));

        assertThat(second.password()).isNotEqualTo(first.password());
        assertThat(new HavenKeystore(tlsDirectory()).load()).get()
                .satisfies(material -> assertThat(material.leaf()).isEqualTo(second.certificate()));
    }
}
