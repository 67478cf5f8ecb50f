package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPasswordTest {

    @TempDir
    Path folder;

    @Test
    void theHandOverFileIsReadOnceAndDeleted() throws Exception {
        Path handOver = Files.writeString(folder.resolve("root-password.once"), "handed-Over-Pass-1");

        assertThat(RootPassword.given("", Map.of(), handOver)).contains("handed-Over-Pass-1");
        assertThat(handOver).doesNotExist();
        assertThat(RootPassword.given("", Map.of(), handOver)).isEmpty();
    }

    @Test
    void theConfigurationWinsAndTheHandOverFileIsDeletedAnyway() throws Exception {
        Path handOver = Files.writeString(folder.resolve("root-password.once"), "handed-Over-Pass-1");

        assertThat(RootPassword.given("Configured-Pass-1", Map.of("HAVEN_ROOT_PASSWORD", "env-Pass-1"), handOver))
                .contains("Configured-Pass-1");
        assertThat(handOver).doesNotExist();
    }

    @Test
    void aPasswordFileNamedInTheEnvironmentIsReadWithoutItsLineBreak() throws Exception {
        Path file = Files.writeString(folder.resolve("secret"), "from-A-File-Pass-1\n");

        assertThat(RootPassword.given(null, Map.of("HAVEN_ROOT_PASSWORD_FILE", file.toString(),
                "HAVEN_ROOT_PASSWORD", "env-Pass-1"), folder.resolve("none"))).contains("from-A-File-Pass-1");
        assertThat(file).as("the operator's own file is left alone").exists();
    }

    @Test
    void theVariableItselfIsTheLastResort() {
        assertThat(RootPassword.given(" ", Map.of("HAVEN_ROOT_PASSWORD", "env-Pass-1"), folder.resolve("none")))
                .contains("env-Pass-1");
        assertThat(RootPassword.given(null, Map.of(), folder.resolve("none"))).isEmpty();
    }
}
