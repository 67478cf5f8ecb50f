package io.haven.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKCS12 keystore Jetty serves HTTPS from, {@value #KEYSTORE_FILE} in its directory, with one key entry
 * ({@value #ALIAS}). Its password is random, made once and kept beside it in {@value #PASSWORD_FILE}; the directory
 * and both files are readable by their owner only.
 */
public final class HavenKeystore {

    public static final String KEYSTORE_FILE = "haven.p12";
    public static final String PASSWORD_FILE = "haven.p12.password";
    public static final String TYPE = "PKCS12";
    public static final String ALIAS = "haven";

    private static final Logger LOG = LoggerFactory.getLogger(HavenKeystore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    /** @param directory where the keystore lives, such as {@code ${karaf.data}/haven/tls} */
    public HavenKeystore(Path directory) {
        this.directory = directory;
    }

    public Path path() {
        return directory.resolve(KEYSTORE_FILE);
    }

    Path passwordPath() {
        return directory.resolve(PASSWORD_FILE);
    }

    /**
     * The key and chain in the keystore, or empty when there is no usable keystore (missing, unreadable, or not
     * opened by the kept password); the caller then makes a new one.
     */
    public Optional<KeyMaterial> load() {
        if (!Files.isRegularFile(path()) || !Files.isRegularFile(passwordPath())) {
            return Optional.empty();
        }
        try {
            char[] password = readPassword().toCharArray();
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(new ByteArrayInputStream(Files.readAllBytes(path())), password);
            Key key = store.getKey(ALIAS, password);
            Certificate[] chain = store.getCertificateChain(ALIAS);
            if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                LOG.warn("Keystore {} has no key entry '{}'; a new keystore replaces it", path(), ALIAS);
                return Optional.empty();
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            return Optional.of(new KeyMaterial((PrivateKey) key, certificates));
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            LOG.warn("Keystore {} cannot be opened ({}); a new keystore replaces it", path(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Writes the key and chain as the keystore's only entry, replacing the file atomically. */
    public void store(KeyMaterial material) throws IOException {
        OwnerOnlyFiles.createDirectories(directory);
        char[] password = password().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            store.setKeyEntry(ALIAS, material.privateKey(), password, material.chain().toArray(new Certificate[0]));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            OwnerOnlyFiles.write(path(), bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write keystore " + path() + ": " + e.getMessage(), e);
        }
    }

    /** The keystore password, made on first use. Also the key entry's password, as PKCS12 tools expect. */
    public String password() throws IOException {
        OwnerOnlyFiles.createDirectories(directory);
        if (Files.isRegularFile(passwordPath())) {
            OwnerOnlyFiles.restrict(passwordPath(), OwnerOnlyFiles.OWNER_READ_WRITE);
            String password = readPassword();
            if (!password.isEmpty()) {
                return password;
            }
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnlyFiles.write(passwordPath(), password.getBytes(StandardCharsets.US_ASCII));
        // a keystore under the old password could no longer be opened
        Files.deleteIfExists(path());
        return password;
    }

    private String readPassword() throws IOException {
        return Files.readString(passwordPath(), StandardCharsets.US_ASCII).strip();
    }
}
