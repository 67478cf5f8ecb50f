package io.haven.api.auth;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * Haven's own key pair as a service provider (SAML): the private key signs Haven's requests and decrypts the
 * assertions the identity provider encrypts for Haven; the certificate is published in Haven's metadata. Core makes
 * it on first use and stores the private key encrypted; it is never shown, and {@link #toString()} names only the
 * certificate.
 *
 * @since 1.3
 */
public final class ServiceProviderKey {

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    public ServiceProviderKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate, PEM, as an identity provider's administrator copies it. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("The certificate cannot be encoded", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceProviderKey[certificate=" + certificate.getSubjectX500Principal().getName() + ", until "
                + certificate.getNotAfter().toInstant() + "]";
    }
}
