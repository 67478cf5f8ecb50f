package io.haven.testing.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MotoServerTest {

    private static MotoServer server;

    @BeforeAll
    static void start() {
        server = new MotoServer().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void listensOnLoopbackAndLogsToTarget() throws Exception {
        assertThat(server.endpoint()).matches("http://127\\.0\\.0\\.1:\\d{2,5}");
        String port = server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1);
        assertThat(server.logFile()).hasFileName("moto-" + port + ".log").exists();
        assertThat(server.logFile().getParent()).hasFileName("target");
        assertThat(new S3Buckets(server.endpoint()).names()).isEmpty();
    }

    @Test
    void resetClearsState() throws Exception {
        S3Buckets buckets = new S3Buckets(server.endpoint());
        buckets.create("left-behind");
        assertThat(buckets.names()).containsExactly("left-behind");

        server.reset();

        assertThat(buckets.names()).isEmpty();
    }

    @Test
    void stopEndsTheProcessTreeAndStartIsIdempotent() throws Exception {
        MotoServer own = new MotoServer().start();
        assertThat(own.start()).isSameAs(own);
        String endpoint = own.endpoint();
        ProcessHandle process = own.processHandle().orElseThrow();
        List<ProcessHandle> tree = process.descendants().toList();

        own.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> new S3Buckets(endpoint).names()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(own::endpoint).hasMessageContaining("not started");
        own.stop(); // a second stop is harmless
    }

    @Test
    void findsTheRepositoryRootAboveTheModule() {
        Path root = MotoPython.repositoryRoot();
        assertThat(root.resolve("testing/moto/pom.xml")).exists();
        assertThat(Files.isRegularFile(root.resolve("pom.xml"))).isTrue();
    }

    @Test
    void rootCanBeConfigured(@org.junit.jupiter.api.io.TempDir Path dir) {
        String previous = System.getProperty(MotoPython.ROOT_PROPERTY);
        System.setProperty(MotoPython.ROOT_PROPERTY, dir.toString());
        try {
            assertThat(MotoPython.repositoryRoot()).isEqualTo(dir.toAbsolutePath());
        } finally {
            if (previous == null) {
                System.clearProperty(MotoPython.ROOT_PROPERTY);
            } else {
                System.setProperty(MotoPython.ROOT_PROPERTY, previous);
            }
        }
    }
}
