package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.shell.testing.FakeConfigAdmin;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ServerZoneTest {

    @Test
    void theCoresConfiguredZoneIsUsed() {
        assertThat(ServerZone.of(FakeConfigAdmin.withTimeZone(" America/New_York "))).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void withoutAUsableSettingTheServersZoneIsUsed() {
        assertThat(ServerZone.of(FakeConfigAdmin.withTimeZone(null))).isEqualTo(ZoneId.systemDefault());
        assertThat(ServerZone.of(FakeConfigAdmin.withTimeZone(""))).isEqualTo(ZoneId.systemDefault());
        assertThat(ServerZone.of(FakeConfigAdmin.withTimeZone("Mars/Olympus_Mons"))).isEqualTo(ZoneId.systemDefault());
        assertThat(ServerZone.of(null)).isEqualTo(ZoneId.systemDefault());
    }
}
