package io.haven.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Locale;

/** Whether a private key belongs to a public key, for any algorithm: a signature made with one verifies with the other. */
final class KeyPairs {

    private static final byte[] CHALLENGE = "Haven checks that this key pair belongs together".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {
    }

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = signatureAlgorithm(privateKey);
        if (!sameFamily(privateKey.getAlgorithm(), publicKey.getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        switch (family(key.getAlgorithm())) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "ED25519":
                return "Ed25519";
            case "ED448":
                return "Ed448";
            default:
                throw new TlsConfigurationException("Unsupported private key algorithm " + key.getAlgorithm()
                        + ": use an RSA, EC or EdDSA key");
        }
    }

    private static boolean sameFamily(String privateAlgorithm, String publicAlgorithm) {
        return family(privateAlgorithm).equals(family(publicAlgorithm));
    }

    /** Providers name the same key type differently (EC and ECDSA, EdDSA and Ed25519). */
    private static String family(String algorithm) {
        String upper = algorithm.toUpperCase(Locale.ROOT);
        if (upper.equals("ECDSA")) {
            return "EC";
        }
        if (upper.equals("EDDSA")) {
            return "ED25519";
        }
        return upper;
    }
}
