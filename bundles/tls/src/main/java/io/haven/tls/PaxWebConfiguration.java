package io.haven.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The part of Pax Web's configuration (PID {@value #PID}) that Haven owns: connectors and keystore. Every other key
 * there (temporary directory, jetty.xml, session cookies) is kept as the administrator left it. Pax Web restarts
 * Jetty on every update of the PID, so it is updated only when one of Haven's keys differs.
 */
public final class PaxWebConfiguration {

    public static final String PID = "org.ops4j.pax.web";

    // key names as defined by org.ops4j.pax.web.service.PaxWebConfig (Pax Web 8)
    static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String LISTENING_ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    static final String KEYSTORE = "org.ops4j.pax.web.ssl.keystore";
    static final String KEYSTORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";
    static final String KEYSTORE_TYPE = "org.ops4j.pax.web.ssl.keystore.type";
    static final String KEY_PASSWORD = "org.ops4j.pax.web.ssl.key.password";
    static final String KEY_ALIAS = "org.ops4j.pax.web.ssl.key.alias";
    /**
     * Not read by Pax Web: a new certificate in the same keystore file changes this value, and with it the PID, so
     * that Jetty reloads the keystore.
     */
    static final String CERTIFICATE_FINGERPRINT = "io.haven.tls.certificate.sha256";

    private PaxWebConfiguration() {
    }

    /** Haven's keys with the values the settings and keystore call for, all as strings (as .cfg files hold them). */
    public static Map<String, String> desired(TlsSettings settings, ProvisionedKeystore keystore) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(HTTPS_ENABLED, "true");
        keys.put(HTTPS_PORT, Integer.toString(settings.port()));
        keys.put(HTTP_ENABLED, Boolean.toString(settings.httpPort() > 0));
        if (settings.httpPort() > 0) {
            keys.put(HTTP_PORT, Integer.toString(settings.httpPort()));
        }
        keys.put(LISTENING_ADDRESSES, settings.host());
        keys.put(KEYSTORE, keystore.path().toAbsolutePath().toString());
        keys.put(KEYSTORE_TYPE, HavenKeystore.TYPE);
        keys.put(KEYSTORE_PASSWORD, keystore.password());
        keys.put(KEY_PASSWORD, keystore.password());
        keys.put(KEY_ALIAS, HavenKeystore.ALIAS);
        keys.put(CERTIFICATE_FINGERPRINT, keystore.fingerprint());
        return keys;
    }

    /** Whether any desired key is missing from {@code current} or has another value there. */
    public static boolean differs(Dictionary<String, ?> current, Map<String, String> desired) {
        if (current == null) {
            return true;
        }
        for (Map.Entry<String, String> entry : desired.entrySet()) {
            Object value = current.get(entry.getKey());
            if (value == null || !Objects.equals(String.valueOf(value).strip(), entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** {@code current} (possibly null) with the desired keys set; other keys are kept. */
    static Dictionary<String, Object> merged(Dictionary<String, ?> current, Map<String, String> desired) {
        Hashtable<String, Object> merged = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                merged.put(key, current.get(key));
            }
        }
        merged.putAll(desired);
        return merged;
    }

    /**
     * Updates the PID when it differs from the desired keys.
     *
     * @return whether it was updated (and so Jetty restarts)
     */
    public static boolean apply(ConfigurationAdmin configurationAdmin, Map<String, String> desired) throws IOException {
        // location "?": bound to no bundle, so Pax Web receives it even when Haven creates the PID
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        if (!differs(current, desired)) {
            return false;
        }
        configuration.update(merged(current, desired));
        return true;
    }

    /**
     * Turns HTTPS off in the PID when it names a keystore that cannot be opened (deleted with the data folder, say).
     * Pax Web 8 starting Jetty on such a keystore keeps the port bound after the failure, so that no later
     * configuration can listen on it until the JVM restarts; with HTTPS off it starts without connectors instead,
     * and {@link HttpsSetup} turns HTTPS on again once it has made the keystore.
     *
     * @return whether HTTPS was turned off
     */
    public static boolean disableHttpsIfKeystoreUnusable(ConfigurationAdmin configurationAdmin) throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        if (current == null || !"true".equals(text(current.get(HTTPS_ENABLED)))
                || keystoreOpens(text(current.get(KEYSTORE)), text(current.get(KEYSTORE_TYPE)),
                        text(current.get(KEYSTORE_PASSWORD)))) {
            return false;
        }
        current.put(HTTPS_ENABLED, "false");
        configuration.update(current);
        return true;
    }

    private static boolean keystoreOpens(String path, String type, String password) {
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            return false;
        }
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type)
                    .load(in, password == null ? null : password.toCharArray());
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).strip();
    }
}
