package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * The distribution started as an operator starts it, with bin/start and bin/stop: a data folder that does not
 * exist yet is created, root's password handed over in HAVEN_ROOT_PASSWORD works without staying in the Java
 * process's environment, and nothing Haven writes is readable by other local users.
 */
public class StartScriptsIT {

    private static final String PASSWORD = "start-Script-Pass-31";
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private Path home;
    private Path data;

    @After
    public void stop() throws Exception {
        if (home != null) {
            run(script("stop"), Duration.ofMinutes(1));
            javaOfThisTest().ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
    }

    @Test
    public void startsWithAMissingDataFolderAndKeepsItsFilesAndTheRootPasswordToItself() throws Exception {
        home = unpack("start-scripts");
        String port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        configure(home, port);
        data = home.resolveSibling("data-not-there-yet").resolve("haven-data");

        Process start = script("start").start();
        assertTrue(start.waitFor(1, TimeUnit.MINUTES));
        assertEquals("bin/start: " + output(start), 0, start.exitValue());

        HavenClient api = HavenClient.asRoot(PASSWORD);
        HavenTestSupport.eventually("Haven answers to the password handed over by bin/start", Duration.ofMinutes(3),
                () -> api.get("/policies").status() == 200);

        assertFalse("the hand-over file is deleted once read", Files.exists(data.resolve("haven/root-password.once")));
        ProcessHandle java = javaOfThisTest().orElseThrow();
        String environment = Files.readString(Path.of("/proc", String.valueOf(java.pid()), "environ"),
                StandardCharsets.ISO_8859_1);
        assertFalse("the password is not in the Java process's environment", environment.contains(PASSWORD));
        assertFalse(environment.contains("HAVEN_ROOT_PASSWORD="));

        assertTrue(Files.isDirectory(data.resolve("haven/db")));
        assertTrue(Files.isDirectory(data.resolve("haven/keys")));
        try (Stream<Path> files = Files.walk(data)) {
            List<String> readableByOthers = files.filter(p -> !Files.isSymbolicLink(p))
                    .filter(p -> !Collections.disjoint(permissions(p), GROUP_AND_OTHERS))
                    .map(Path::toString).toList();
            assertEquals("files and folders that group or others may use", List.of(), readableByOthers);
        }
    }

    @Test
    public void aDataFolderThatCannotBeCreatedIsSaidSo() throws Exception {
        home = unpack("start-scripts-refused");
        Path file = Files.writeString(home.resolveSibling("a-file"), "not a folder");
        data = file.resolve("data");

        Process start = script("start").start();
        assertTrue(start.waitFor(1, TimeUnit.MINUTES));

        String said = output(start);
        assertNotEquals(0, start.exitValue());
        assertTrue(said, said.contains("Haven cannot create its data folder KARAF_DATA=" + data));
        home = null;
    }

    private ProcessBuilder script(String name) {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve(name).toString())
                .directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("KARAF_DATA", data.toString());
        builder.environment().put("HAVEN_ROOT_PASSWORD", PASSWORD);
        return builder;
    }

    /** The JVM that bin/start left running for this test's data folder. */
    private Optional<ProcessHandle> javaOfThisTest() {
        String marker = "-Dkaraf.data=" + data;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst();
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void run(ProcessBuilder builder, Duration timeout) throws Exception {
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Path unpack(String folder) throws IOException, InterruptedException {
        String version = System.getProperty("haven.version");
        File tarball = new File("../distribution/target/haven-" + version + ".tar.gz");
        assertTrue("the distribution is built first: " + tarball.getAbsolutePath(), tarball.isFile());
        Path dir = Path.of("target", folder).toAbsolutePath();
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        Files.createDirectories(dir);
        assertEquals(0, new ProcessBuilder("tar", "-xzf", tarball.getAbsolutePath(), "-C", dir.toString())
                .inheritIO().start().waitFor());
        return dir.resolve("haven-" + version);
    }

    private static void configure(Path home, String port) throws IOException {
        Path etc = home.resolve("etc");
        replaceKey(etc.resolve("io.haven.server.cfg"), "port", port);
        replaceKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", HavenTestSupport.freePort());
    }

    private static void replaceKey(Path file, String key, String value) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.matches("\\s*" + key + "\\s*=.*")).toList();
        Files.write(file, Stream.concat(kept.stream(), Stream.of(key + " = " + value)).toList());
    }
}
