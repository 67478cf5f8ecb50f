package io.haven.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A keystore ready for Jetty. {@link #toString()} leaves the password out.
 *
 * @param path        the PKCS12 file
 * @param password    its password (also the key entry's)
 * @param certificate the server certificate it holds
 * @param origin      where the certificate came from, for the log
 * @param written     whether this call wrote the file (false: an earlier one is reused as it was)
 */
public record ProvisionedKeystore(Path path, String password, X509Certificate certificate, String origin,
                                  boolean written) {

    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }

    @Override
    public String toString() {
        return "ProvisionedKeystore[" + path + ", SHA-256 " + fingerprint() + ", " + origin + "]";
    }
}
