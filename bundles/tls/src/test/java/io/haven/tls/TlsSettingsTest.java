package io.haven.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    private static final Path HOME = Path.of("/opt/haven");

    @Test
    void defaultsGenerateACertificateForLocalhostAndTheMachine() {
        TlsSettings settings = TlsSettings.from(ServerConfigurations.defaults().build(), HOME, Optional.of("box"));

        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.httpPort()).isZero();
        assertThat(settings.hasConfiguredCertificate()).isFalse();
        assertThat(settings.certificateHostnames()).containsExactly("localhost", "127.0.0.1", "box");
    }

    @Test
    void trimsHostNamesDropsEmptiesAndDuplicates() {
        TlsSettings settings = TlsSettings.from(ServerConfigurations.defaults()
                .certificateHostnames(" haven.example.org, ,10.0.0.5,localhost ").build(), HOME, Optional.of("localhost"));

        assertThat(settings.certificateHostnames()).containsExactly("haven.example.org", "10.0.0.5", "localhost");
    }

    @Test
    void resolvesRelativeFilesAgainstKarafsHomeAndKeepsAbsoluteOnes() {
        TlsSettings settings = TlsSettings.from(ServerConfigurations.defaults()
                .files("etc/haven.crt", "/secure/haven.key").build(), HOME, Optional.empty());

        assertThat(settings.certificateFile()).isEqualTo(Path.of("/opt/haven/etc/haven.crt"));
        assertThat(settings.privateKeyFile()).isEqualTo(Path.of("/secure/haven.key"));
    }

    @Test
    void rejectsACertificateWithoutKey() {
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().files("haven.crt", " ").build(), HOME,
                Optional.empty()))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining("certificateFile and privateKeyFile must be set together");
    }

    @Test
    void rejectsPortsOutOfRangeOrClashing() {
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().port(0).build(), HOME, Optional.empty()))
                .hasMessage("port must be 1-65535, not 0");
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().httpPort(70000).build(), HOME,
                Optional.empty())).hasMessage("httpPort must be 0-65535, not 70000");
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().httpPort(8443).build(), HOME,
                Optional.empty())).hasMessage("httpPort and port must differ, both are 8443");
    }

    @Test
    void rejectsAnEmptyHostOrHostList() {
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().host(" ").build(), HOME,
                Optional.empty())).isInstanceOf(TlsConfigurationException.class).hasMessageStartingWith("host must not be empty");
        assertThatThrownBy(() -> TlsSettings.from(ServerConfigurations.defaults().certificateHostnames(" , ").build(), HOME,
                Optional.empty())).hasMessage("certificateHostnames must name at least one host");
    }
}
