package io.haven.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Keys, certificates and PEM files made at test time with BouncyCastle, in each format an administrator may bring. */
final class TestPems {

    enum KeyFormat {
        /** -----BEGIN PRIVATE KEY----- */
        PKCS8_RSA("RSA", "-----BEGIN PRIVATE KEY-----"),
        /** -----BEGIN RSA PRIVATE KEY----- */
        PKCS1_RSA("RSA", "-----BEGIN RSA PRIVATE KEY-----"),
        PKCS8_EC("EC", "-----BEGIN PRIVATE KEY-----"),
        /** -----BEGIN EC PRIVATE KEY----- */
        SEC1_EC("EC", "-----BEGIN EC PRIVATE KEY-----"),
        /** what {@code openssl ecparam -genkey} writes: an EC PARAMETERS block, then the key */
        SEC1_EC_WITH_PARAMETERS("EC", "-----BEGIN EC PARAMETERS-----");

        final String algorithm;
        final String firstLine;

        KeyFormat(String algorithm, String firstLine) {
            this.algorithm = algorithm;
            this.firstLine = firstLine;
        }
    }

    private TestPems() {
    }

    static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subjectKeys} signed by {@code issuerKeys}; a CA certificate when {@code ca}. */
    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                       boolean ca) throws Exception {
        Instant now = Instant.now();
        String signature = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(90))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(issuerKeys.getPrivate())));
    }

    static X509Certificate selfSigned(String subject, KeyPair keys) throws Exception {
        return certificate(subject, keys, subject, keys, false);
    }

    static Path writeCertificates(Path file, X509Certificate... certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    static Path writeKey(Path file, KeyPair keys, KeyFormat format) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            switch (format) {
                case PKCS8_RSA:
                case PKCS8_EC:
                    writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
                    break;
                case SEC1_EC_WITH_PARAMETERS:
                    writer.writeObject(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
                    writer.writeObject(sec1(keys));
                    break;
                case SEC1_EC:
                    writer.writeObject(sec1(keys));
                    break;
                default:
                    // BouncyCastle writes a bare private key in the "traditional" OpenSSL format (PKCS#1 / SEC1)
                    writer.writeObject(keys.getPrivate());
            }
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** An EC key as OpenSSL writes it: SEC1 with the curve named inside (the JDK's PKCS#8 form leaves it out). */
    private static PemObject sec1(KeyPair keys) throws IOException {
        ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
        DERBitString publicPoint = new DERBitString(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
        return new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), publicPoint,
                new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded());
    }

    static Path writeEncryptedKey(Path file, KeyPair keys) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray())
                            .build()));
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }
}
