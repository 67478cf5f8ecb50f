package io.haven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsSettingsTest {

    @Test
    void blanksMeanNone() {
        AwsSettings settings = new AwsSettings(" ", "", "", 0, 0);

        assertThat(settings.endpoint()).isNull();
        assertThat(settings.proxyHost()).isNull();
        assertThat(settings.defaultRegion()).isEqualTo("us-east-1");
    }

    @Test
    void proxyNeedsAValidPort() {
        assertThatThrownBy(() -> new AwsSettings(null, null, "proxy.local", 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxyPort");
        assertThat(new AwsSettings(null, null, "proxy.local", 3128, 2).proxyPort()).isEqualTo(3128);
    }

    @Test
    void retriesCannotBeNegative() {
        assertThatThrownBy(() -> new AwsSettings(null, null, null, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries");
    }
}
