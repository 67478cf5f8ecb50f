package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxWebConfigurationTest {

    private static final TlsSettings SETTINGS = new TlsSettings(18443, "127.0.0.1", 0, null, null, List.of("localhost"));
    private static final ProvisionedKeystore KEYSTORE = new ProvisionedKeystore(Path.of("/data/haven/tls/haven.p12"),
            "pw", SelfSignedCertificates.generate(List.of("localhost"), java.time.Instant.now()).leaf(), "test", true);

    @Test
    void asksForHttpsOnlyFromTheKeystore() {
        Map<String, String> desired = PaxWebConfiguration.desired(SETTINGS, KEYSTORE);

        assertThat(desired).containsOnly(
                Map.entry("org.osgi.service.http.secure.enabled", "true"),
                Map.entry("org.osgi.service.http.port.secure", "18443"),
                Map.entry("org.osgi.service.http.enabled", "false"),
                Map.entry("org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                Map.entry("org.ops4j.pax.web.ssl.keystore", "/data/haven/tls/haven.p12"),
                Map.entry("org.ops4j.pax.web.ssl.keystore.type", "PKCS12"),
                Map.entry("org.ops4j.pax.web.ssl.keystore.password", "pw"),
                Map.entry("org.ops4j.pax.web.ssl.key.password", "pw"),
                Map.entry("org.ops4j.pax.web.ssl.key.alias", "haven"),
                Map.entry("io.haven.tls.certificate.sha256", KEYSTORE.fingerprint()));
    }

    @Test
    void differsOnlyWhenOneOfHavensKeysDiffers() {
        Map<String, String> desired = PaxWebConfiguration.desired(SETTINGS, KEYSTORE);
        Hashtable<String, Object> current = new Hashtable<>(desired);
        current.put("javax.servlet.context.tempdir", "/tmp/pax");
        current.put("org.osgi.service.http.port.secure", 18443); // typed, as a .config file may hold it

        assertThat(PaxWebConfiguration.differs(null, desired)).isTrue();
        assertThat(PaxWebConfiguration.differs(current, desired)).isFalse();
        current.put("org.osgi.service.http.port.secure", "8443");
        assertThat(PaxWebConfiguration.differs(current, desired)).isTrue();
        current.put("org.osgi.service.http.port.secure", "18443");
        current.remove("org.ops4j.pax.web.ssl.key.alias");
        assertThat(PaxWebConfiguration.differs(current, desired)).isTrue();
    }

    @Test
    void mergingKeepsOtherKeys() {
        Hashtable<String, Object> current = new Hashtable<>(Map.of("javax.servlet.context.tempdir", "/tmp/pax",
                "org.osgi.service.http.enabled", "true"));

        var merged = PaxWebConfiguration.merged(current, PaxWebConfiguration.desired(SETTINGS, KEYSTORE));

        assertThat(merged.get("javax.servlet.context.tempdir")).isEqualTo("/tmp/pax");
        assertThat(merged.get("org.osgi.service.http.enabled")).isEqualTo("false");
    }
}
