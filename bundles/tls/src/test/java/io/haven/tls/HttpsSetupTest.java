package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.tls.TestPems.KeyFormat;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component's whole job, with ConfigurationAdmin in memory: what Pax Web gets told, and when. */
class HttpsSetupTest {

    private static final String PAX_WEB = PaxWebConfiguration.PID;

    @TempDir
    Path dir;

    private final InMemoryConfigurationAdmin configurationAdmin = new InMemoryConfigurationAdmin();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    /** A component as DS would activate it after a (re)start. */
    private HttpsSetup activation() {
        return new HttpsSetup(configurationAdmin, dir.resolve("data/haven/tls"), dir, clock,
                () -> Optional.of("haven-host"));
    }

    @Test
    void turnsHttpsOnAndPlainHttpOffAtFirstStart() {
        assertThat(activation().apply(ServerConfigurations.defaults().build())).isTrue();

        Dictionary<String, Object> paxWeb = configurationAdmin.properties(PAX_WEB);
        assertThat(paxWeb.get("org.osgi.service.http.secure.enabled")).isEqualTo("true");
        assertThat(paxWeb.get("org.osgi.service.http.port.secure")).isEqualTo("8443");
        assertThat(paxWeb.get("org.osgi.service.http.enabled")).isEqualTo("false");
        assertThat(paxWeb.get("org.ops4j.pax.web.listening.addresses")).isEqualTo("0.0.0.0");
        assertThat(paxWeb.get("org.ops4j.pax.web.ssl.keystore"))
                .isEqualTo(dir.resolve("data/haven/tls/haven.p12").toAbsolutePath().toString());
        assertThat(paxWeb.get("org.ops4j.pax.web.ssl.keystore.type")).isEqualTo("PKCS12");
        assertThat(paxWeb.get("org.ops4j.pax.web.ssl.keystore.password"))
                .isEqualTo(paxWeb.get("org.ops4j.pax.web.ssl.key.password")).isNotNull();
        assertThat(configurationAdmin.location(PAX_WEB)).as("bound to no bundle, so Pax Web gets it").isEqualTo("?");
    }

    @Test
    void generatedCertificateNamesTheConfiguredHostsAndTheMachine() {
        activation().apply(ServerConfigurations.defaults().build());

        KeyMaterial material = new HavenKeystore(dir.resolve("data/haven/tls")).load().orElseThrow();
        assertThat(SubjectAltNames.of(material.leaf())).containsExactly("localhost", "127.0.0.1", "haven-host");
    }

    @Test
    void reusesTheKeystoreAcrossActivationsAndLeavesPaxWebAlone() {
        activation().apply(ServerConfigurations.defaults().build());
        Dictionary<String, Object> first = configurationAdmin.properties(PAX_WEB);

        boolean updated = activation().apply(ServerConfigurations.defaults().build());

        assertThat(updated).isFalse();
        assertThat(configurationAdmin.changeCount(PAX_WEB)).isEqualTo(1);
        assertThat(configurationAdmin.properties(PAX_WEB)).isEqualTo(first);
    }

    @Test
    void movesTheListenerWhenThePortChanges() {
        HttpsSetup setup = activation();
        setup.apply(ServerConfigurations.defaults().build());
        String fingerprint = (String) configurationAdmin.properties(PAX_WEB).get("io.haven.tls.certificate.sha256");

        assertThat(setup.apply(ServerConfigurations.defaults().port(9443).host("127.0.0.1").build())).isTrue();

        Dictionary<String, Object> paxWeb = configurationAdmin.properties(PAX_WEB);
        assertThat(paxWeb.get("org.osgi.service.http.port.secure")).isEqualTo("9443");
        assertThat(paxWeb.get("org.ops4j.pax.web.listening.addresses")).isEqualTo("127.0.0.1");
        assertThat(paxWeb.get("io.haven.tls.certificate.sha256")).as("same certificate").isEqualTo(fingerprint);
    }

    @Test
    void keepsWhatElseTheAdministratorPutInPaxWebsConfiguration() {
        configurationAdmin.preset(PAX_WEB, Map.of("org.osgi.service.http.enabled", "true",
                "org.osgi.service.http.port", "8181", "javax.servlet.context.tempdir", "/karaf/data/pax-web/tmp"));

        activation().apply(ServerConfigurations.defaults().build());

        Dictionary<String, Object> paxWeb = configurationAdmin.properties(PAX_WEB);
        assertThat(paxWeb.get("javax.servlet.context.tempdir")).isEqualTo("/karaf/data/pax-web/tmp");
        assertThat(paxWeb.get("org.osgi.service.http.enabled")).isEqualTo("false");
    }

    @Test
    void opensPlainHttpOnlyWhenAskedTo() {
        activation().apply(ServerConfigurations.defaults().httpPort(8080).build());

        Dictionary<String, Object> paxWeb = configurationAdmin.properties(PAX_WEB);
        assertThat(paxWeb.get("org.osgi.service.http.enabled")).isEqualTo("true");
        assertThat(paxWeb.get("org.osgi.service.http.port")).isEqualTo("8080");
    }

    @Test
    void servesAConfiguredCertificateNamedRelativeToKarafsHome() throws Exception {
        KeyPair keys = TestPems.keyPair("EC");
        var certificate = TestPems.selfSigned("CN=haven.acme.test", keys);
        TestPems.writeCertificates(dir.resolve("haven.crt"), certificate);
        TestPems.writeKey(dir.resolve("haven.key"), keys, KeyFormat.SEC1_EC);

        activation().apply(ServerConfigurations.defaults().files("haven.crt", "haven.key").build());

        assertThat(configurationAdmin.properties(PAX_WEB).get("io.haven.tls.certificate.sha256"))
                .isEqualTo(Fingerprints.sha256(certificate));
    }

    @Test
    void aBadConfigurationLeavesTheRunningListenerAsItWas() {
        HttpsSetup setup = activation();
        setup.apply(ServerConfigurations.defaults().build());
        Dictionary<String, Object> before = configurationAdmin.properties(PAX_WEB);

        boolean updated = setup.apply(ServerConfigurations.defaults().port(9443).files("missing.crt", "").build());

        assertThat(updated).isFalse();
        assertThat(configurationAdmin.properties(PAX_WEB)).isEqualTo(before);
    }
}
