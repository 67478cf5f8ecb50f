package io.haven.core.identity;

import io.haven.api.auth.ServiceProviderKey;
import io.haven.core.security.SecretCipher;
import io.haven.store.HavenStore;
import io.haven.store.IdentityProviderRepository.PreviousKey;
import io.haven.store.IdentityProviderRepository.StoredKey;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Haven's own key pair as a SAML service provider (decision 0044): an RSA 3072 key and a self-signed certificate
 * (SHA256withRSA, ten years), made on first use and stored with the settings, the private key encrypted with the
 * secret key file like every other secret. Of two nodes making one at the same time the first stored wins; both then
 * use it. The private key is never logged, shown or stored in clear text.
 */
final class ServiceProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProviderKeys.class);
    static final int KEY_BITS = 3072;
    static final Duration VALIDITY = Duration.ofDays(3650);

    private final HavenStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Loaded cached;
    private volatile LoadedPrevious cachedPrevious;

    private record Loaded(StoredKey stored, ServiceProviderKey key) {
    }

    private record LoadedPrevious(PreviousKey stored, ServiceProviderKey key) {
    }

    ServiceProviderKeys(HavenStore store, SecretCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * Haven's key, made now if there is none; empty while the settings were never saved (there is nowhere to keep a
     * key yet, and no address to name it by).
     */
    synchronized Optional<ServiceProviderKey> key(String havenAddress) {
        Optional<StoredKey> stored = store.identityProvider().serviceProviderKey();
        if (stored.isEmpty()) {
            if (havenAddress == null || store.identityProvider().settings().isEmpty()) {
                return Optional.empty();
            }
            GeneratedKey made = generate(havenAddress);
            if (store.identityProvider().saveServiceProviderKeyIfNone(cipher.encrypt(made.pkcs8Base64()),
                    made.key().certificatePem())) {
                LOG.info("Made Haven's SAML service provider key: {}", made.key());
            }
            stored = store.identityProvider().serviceProviderKey();
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Loaded loaded = cached;
        if (loaded == null || !loaded.stored().equals(stored.get())) {
            loaded = new Loaded(stored.get(), load(stored.get()));
            cached = loaded;
        }
        return Optional.of(loaded.key());
    }

    /**
     * The key the current one replaced while it is kept (decision 0048); one whose grace period is over is deleted
     * here, by whichever node reads it first.
     */
    synchronized Optional<PreviousKeyInUse> previous() {
        Optional<PreviousKey> stored = store.identityProvider().previousServiceProviderKey();
        long now = clock.millis();
        if (stored.isEmpty() || stored.get().until() <= now) {
            // Retired or lapsed: this node forgets it too.
            cachedPrevious = null;
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (stored.get().until() <= now) {
            if (store.identityProvider().deletePreviousServiceProviderKey(now)) {
                LOG.info("Deleted Haven's previous SAML service provider key: its grace period ended {}",
                        Instant.ofEpochMilli(stored.get().until()));
            }
            return Optional.empty();
        }
        LoadedPrevious loaded = cachedPrevious;
        if (loaded == null || !loaded.stored().equals(stored.get())) {
            loaded = new LoadedPrevious(stored.get(), load(stored.get().keyCipher(), stored.get().certificatePem()));
            cachedPrevious = loaded;
        }
        return Optional.of(new PreviousKeyInUse(loaded.key(), Instant.ofEpochMilli(stored.get().until())));
    }

    /** The previous key, and when it will be deleted. */
    record PreviousKeyInUse(ServiceProviderKey key, Instant keptUntil) {
    }

    /**
     * Makes a new key the current one, keeping the current one as the previous until {@code keepUntil}. False, and
     * nothing changes, when another node changed the current key meanwhile or a previous one is kept.
     */
    synchronized boolean rollOver(String havenAddress, Instant keepUntil) {
        Optional<StoredKey> current = store.identityProvider().serviceProviderKey();
        if (current.isEmpty()) {
            return false;
        }
        GeneratedKey made = generate(havenAddress);
        boolean done = store.identityProvider().rollOverServiceProviderKey(current.get().keyCipher(),
                cipher.encrypt(made.pkcs8Base64()), made.key().certificatePem(), keepUntil.toEpochMilli());
        if (done) {
            LOG.info("Rolled Haven's SAML service provider key over to {}; the previous one is kept until {}", made.key(),
                    keepUntil);
        }
        return done;
    }

    /** Deletes the previous key now; false when none was kept. */
    synchronized boolean retirePrevious() {
        return store.identityProvider().deletePreviousServiceProviderKey(Long.MAX_VALUE);
    }

    private ServiceProviderKey load(StoredKey stored) {
        return load(stored.keyCipher(), stored.certificatePem());
    }

    private ServiceProviderKey load(String keyCipher, String certificatePem) {
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(cipher.decrypt(keyCipher));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            return new ServiceProviderKey(key, certificate);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Haven's SAML service provider key cannot be read: " + e.getClass().getSimpleName());
        }
    }

    record GeneratedKey(ServiceProviderKey key, String pkcs8Base64) {
        @Override
        public String toString() {
            return "GeneratedKey[" + key + "]";
        }
    }

    /** A new key pair and its self-signed certificate, CN = Haven's host name. */
    GeneratedKey generate(String havenAddress) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, random);
            KeyPair pair = generator.generateKeyPair();
            String host = havenAddress.replaceFirst(":[0-9]+$", "").replaceAll("[\\[\\],=+<>#;\"\\\\]", "");
            X500Name name = new X500Name("CN=" + host + ",O=Haven SAML service provider");
            Instant now = clock.instant();
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    DERNull.INSTANCE);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, random).add(BigInteger.ONE)));
            tbs.setSignature(algorithm);
            tbs.setIssuer(name);
            tbs.setSubject(name);
            tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
            tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(pair.getPrivate());
            signature.update(certificate.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector parts = new ASN1EncodableVector();
            parts.add(certificate);
            parts.add(algorithm);
            parts.add(new DERBitString(signature.sign()));
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(new DERSequence(parts).getEncoded(ASN1Encoding.DER)));
            return new GeneratedKey(new ServiceProviderKey(pair.getPrivate(), x509),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Haven's SAML service provider key could not be made: " + e.getMessage(), e);
        }
    }
}
