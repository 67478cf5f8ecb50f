package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What runs before Pax Web at start-up: HTTPS off while its keystore is gone, back on once HttpsSetup made a new one. */
class KeystoreGuardTest {

    private static final String PAX_WEB = PaxWebConfiguration.PID;
    private static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";

    @TempDir
    Path dir;

    private final InMemoryConfigurationAdmin configurationAdmin = new InMemoryConfigurationAdmin();

    private HttpsSetup activation() {
        return new HttpsSetup(configurationAdmin, dir.resolve("data/haven/tls"), dir,
                new MutableClock(Instant.parse("2026-03-01T12:00:00Z")), Optional::empty);
    }

    @Test
    void leavesAWorkingKeystoreAlone() throws Exception {
        activation().apply(ServerConfigurations.defaults().build());
        long changes = configurationAdmin.changeCount(PAX_WEB);

        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).isFalse();
        assertThat(configurationAdmin.changeCount(PAX_WEB)).isEqualTo(changes);
        assertThat(configurationAdmin.properties(PAX_WEB).get(HTTPS_ENABLED)).isEqualTo("true");
    }

    @Test
    void turnsHttpsOffWhenTheDataFolderWasWipedAndHttpsSetupTurnsItOnAgain() throws Exception {
        activation().apply(ServerConfigurations.defaults().build());
        Files.delete(dir.resolve("data/haven/tls/haven.p12"));
        Files.delete(dir.resolve("data/haven/tls/haven.p12.password"));

        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).isTrue();
        assertThat(configurationAdmin.properties(PAX_WEB).get(HTTPS_ENABLED)).isEqualTo("false");
        assertThat(configurationAdmin.properties(PAX_WEB).get("org.osgi.service.http.port.secure"))
                .as("the rest is kept").isEqualTo("8443");

        assertThat(activation().apply(ServerConfigurations.defaults().build())).isTrue();
        assertThat(configurationAdmin.properties(PAX_WEB).get(HTTPS_ENABLED)).isEqualTo("true");
        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).isFalse();
    }

    @Test
    void turnsHttpsOffWhenThePasswordNoLongerOpensTheKeystore() throws Exception {
        activation().apply(ServerConfigurations.defaults().build());
        Path keystore = dir.resolve("data/haven/tls/haven.p12");
        Files.write(keystore, new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});

        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).isTrue();
    }

    @Test
    void doesNothingWithoutHttps() throws Exception {
        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).as("no PID at all").isFalse();

        configurationAdmin.preset(PAX_WEB, Map.of("org.osgi.service.http.enabled", "false", HTTPS_ENABLED, "false"));
        assertThat(PaxWebConfiguration.disableHttpsIfKeystoreUnusable(configurationAdmin)).isFalse();
        assertThat(configurationAdmin.changeCount(PAX_WEB)).isEqualTo(1);
    }
}
