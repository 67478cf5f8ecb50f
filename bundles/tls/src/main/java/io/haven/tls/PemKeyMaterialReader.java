package io.haven.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads an administrator's PEM certificate (optionally followed or preceded by its chain) and unencrypted private key:
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, with or without an
 * {@code EC PARAMETERS} block). The certificate whose public key matches the private key becomes the leaf.
 */
public final class PemKeyMaterialReader {

    private PemKeyMaterialReader() {
    }

    /** @throws TlsConfigurationException naming the file, when a file cannot be read or does not fit */
    public static KeyMaterial read(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> certificates = readCertificates(certificateFile);
        PrivateKey privateKey = readPrivateKey(privateKeyFile);
        for (X509Certificate candidate : certificates) {
            if (KeyPairs.matches(privateKey, candidate.getPublicKey())) {
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(candidate);
                certificates.stream().filter(other -> other != candidate).forEach(chain::add);
                return new KeyMaterial(privateKey, chain);
            }
        }
        throw new TlsConfigurationException("The private key in " + privateKeyFile
                + " does not match the certificate in " + certificateFile
                + (certificates.size() > 1 ? " (nor any other certificate of its chain)" : ""));
    }

    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object item : readPemObjects(file, "certificate")) {
            if (item instanceof X509CertificateHolder) {
                try {
                    certificates.add(converter.getCertificate((X509CertificateHolder) item));
                } catch (CertificateException e) {
                    throw new TlsConfigurationException("Certificate file " + file + " holds an invalid certificate: "
                            + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException("Certificate file " + file
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    static PrivateKey readPrivateKey(Path file) {
        for (Object item : readPemObjects(file, "private key")) {
            if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof PEMEncryptedKeyPair) {
                throw new TlsConfigurationException("Private key file " + file + " is encrypted; Haven needs it"
                        + " unencrypted (for example: openssl pkey -in encrypted.pem -out key.pem)");
            }
            PrivateKeyInfo info = item instanceof PEMKeyPair ? ((PEMKeyPair) item).getPrivateKeyInfo()
                    : item instanceof PrivateKeyInfo ? (PrivateKeyInfo) item : null;
            if (info != null) {
                try {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                } catch (IOException | RuntimeException e) {
                    throw new TlsConfigurationException("Private key file " + file + " holds a key that cannot be"
                            + " used: " + e.getMessage(), e);
                }
            }
            // anything else (EC PARAMETERS, certificates of a combined file) is not the key: read on
        }
        throw new TlsConfigurationException("Private key file " + file + " holds no unencrypted PEM private key"
                + " (-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    private static List<Object> readPemObjects(Path file, String what) {
        String kind = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " file ";
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigurationException(kind + file + (Files.exists(file) ? " is not a regular file"
                    : " does not exist"));
        }
        List<Object> items = new ArrayList<>();
        // ISO-8859-1 maps every byte, so a binary (DER) file fails as "no PEM" rather than as a decoding error
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                items.add(item);
            }
            return items;
        } catch (NoSuchFileException e) {
            throw new TlsConfigurationException(kind + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigurationException(kind + file + " cannot be read: permission denied", e);
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigurationException(kind + file + " cannot be read as PEM: " + e.getMessage(), e);
        }
    }
}
