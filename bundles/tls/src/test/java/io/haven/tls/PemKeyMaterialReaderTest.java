package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.tls.TestPems.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemKeyMaterialReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void readsACertificateWithItsKeyInEverySupportedFormat(KeyFormat format) throws Exception {
        KeyPair keys = TestPems.keyPair(format.algorithm);
        X509Certificate certificate = TestPems.selfSigned("CN=haven.example.org", keys);
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), certificate);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), keys, format);
        assertThat(Files.readString(keyFile)).startsWith(format.firstLine);

        KeyMaterial material = PemKeyMaterialReader.read(certificateFile, keyFile);

        assertThat(material.chain()).containsExactly(certificate);
        assertThat(material.privateKey().getAlgorithm()).isIn(format.algorithm, "ECDSA");
        assertThat(KeyPairs.matches(material.privateKey(), keys.getPublic())).as("the same key as written").isTrue();
    }

    @Test
    void putsTheCertificateOfTheKeyFirstWhateverTheOrderOfTheChainInTheFile() throws Exception {
        KeyPair caKeys = TestPems.keyPair("RSA");
        KeyPair serverKeys = TestPems.keyPair("EC");
        X509Certificate ca = TestPems.certificate("CN=Acme CA", caKeys, "CN=Acme CA", caKeys, true);
        X509Certificate server = TestPems.certificate("CN=haven.acme.test", serverKeys, "CN=Acme CA", caKeys, false);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), serverKeys, KeyFormat.PKCS8_EC);

        assertThat(PemKeyMaterialReader.read(TestPems.writeCertificates(dir.resolve("a.pem"), server, ca), keyFile)
                .chain()).containsExactly(server, ca);
        assertThat(PemKeyMaterialReader.read(TestPems.writeCertificates(dir.resolve("b.pem"), ca, server), keyFile)
                .chain()).containsExactly(server, ca);
    }

    @Test
    void readsOneFileHoldingBothKeyAndCertificate() throws Exception {
        KeyPair keys = TestPems.keyPair("RSA");
        X509Certificate certificate = TestPems.selfSigned("CN=combined", keys);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), keys, KeyFormat.PKCS1_RSA);
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), certificate);
        Path combined = Files.writeString(dir.resolve("combined.pem"),
                Files.readString(keyFile) + Files.readString(certificateFile));

        assertThat(PemKeyMaterialReader.read(combined, combined).leaf()).isEqualTo(certificate);
    }

    @Test
    void rejectsAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"),
                TestPems.selfSigned("CN=one", TestPems.keyPair("RSA")));
        Path keyFile = TestPems.writeKey(dir.resolve("other-key.pem"), TestPems.keyPair("RSA"), KeyFormat.PKCS8_RSA);

        assertThatThrownBy(() -> PemKeyMaterialReader.read(certificateFile, keyFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("The private key in " + keyFile + " does not match the certificate in " + certificateFile);
    }

    @Test
    void rejectsAKeyOfAnotherAlgorithmThanTheCertificate() throws Exception {
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"),
                TestPems.selfSigned("CN=one", TestPems.keyPair("RSA")));
        Path keyFile = TestPems.writeKey(dir.resolve("ec-key.pem"), TestPems.keyPair("EC"), KeyFormat.SEC1_EC);

        assertThatThrownBy(() -> PemKeyMaterialReader.read(certificateFile, keyFile))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining("does not match");
    }

    @Test
    void namesAMissingFile() throws Exception {
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), TestPems.keyPair("EC"), KeyFormat.PKCS8_EC);
        Path missing = dir.resolve("no-such-cert.pem");

        assertThatThrownBy(() -> PemKeyMaterialReader.read(missing, keyFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("Certificate file " + missing + " does not exist");
    }

    @Test
    void namesAKeyFileThatIsADirectory() throws Exception {
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"),
                TestPems.selfSigned("CN=one", TestPems.keyPair("EC")));
        Path directory = Files.createDirectory(dir.resolve("keys"));

        assertThatThrownBy(() -> PemKeyMaterialReader.read(certificateFile, directory))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("Private key file " + directory + " is not a regular file");
    }

    @Test
    void namesACertificateFileWithoutPem() throws Exception {
        Path binary = Files.write(dir.resolve("cert.der"),
                TestPems.selfSigned("CN=one", TestPems.keyPair("EC")).getEncoded());
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), TestPems.keyPair("EC"), KeyFormat.PKCS8_EC);

        assertThatThrownBy(() -> PemKeyMaterialReader.read(binary, keyFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("Certificate file " + binary + " holds no PEM certificate");
    }

    @Test
    void namesACorruptPemBlock() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all !!\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        Path keyFile = TestPems.writeKey(dir.resolve("key.pem"), TestPems.keyPair("EC"), KeyFormat.PKCS8_EC);

        assertThatThrownBy(() -> PemKeyMaterialReader.read(corrupt, keyFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("Certificate file " + corrupt + " cannot be read as PEM");
    }

    @Test
    void explainsThatAnEncryptedKeyMustBeDecrypted() throws Exception {
        KeyPair keys = TestPems.keyPair("RSA");
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), TestPems.selfSigned("CN=one", keys));
        Path keyFile = TestPems.writeEncryptedKey(dir.resolve("key.pem"), keys);
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> PemKeyMaterialReader.read(certificateFile, keyFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("Private key file " + keyFile + " is encrypted");
    }

    @Test
    void namesAKeyFileWithoutAKey() throws Exception {
        KeyPair keys = TestPems.keyPair("EC");
        Path certificateFile = TestPems.writeCertificates(dir.resolve("cert.pem"), TestPems.selfSigned("CN=one", keys));

        assertThatThrownBy(() -> PemKeyMaterialReader.read(certificateFile, certificateFile))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageStartingWith("Private key file " + certificateFile + " holds no unencrypted PEM private key");
    }
}
