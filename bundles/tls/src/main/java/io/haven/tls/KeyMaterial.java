package io.haven.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, leaf first.
 * {@link #toString()} names the certificate only: the key never reaches a log.
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + leaf().getSubjectX500Principal().getName() + ", SHA-256 "
                + Fingerprints.sha256(leaf()) + ", chain of " + chain.size() + "]";
    }
}
