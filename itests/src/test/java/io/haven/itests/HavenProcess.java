package io.haven.itests;

import io.haven.testing.postgres.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unpacked distribution run as a separate process, as an operator runs it, for tests that kill it or
 * put a proxy of the driver JVM between it and the emulator.
 */
final class HavenProcess implements AutoCloseable {

    private final Path home;
    private Process karaf;

    /**
     * Unpacks the distribution into {@code target/<folder>} and configures a free HTTPS, SSH and RMI port and
     * the root password; {@code extra} holds more core settings as "key", "value" pairs.
     */
    HavenProcess(String folder, String port, String rootPassword, String... extra) throws IOException, InterruptedException {
        String version = System.getProperty("haven.version");
        File tarball = new File("../distribution/target/haven-" + version + ".tar.gz");
        if (!tarball.isFile()) {
            throw new AssertionError("the distribution is built first: " + tarball.getAbsolutePath());
        }
        Path dir = Path.of("target", folder);
        run(new ProcessBuilder("rm", "-rf", dir.toString()));
        Files.createDirectories(dir);
        run(new ProcessBuilder("tar", "-xzf", tarball.getAbsolutePath(), "-C", dir.toString()));
        home = dir.resolve("haven-" + version).toAbsolutePath();
        Path etc = home.resolve("etc");
        replaceKey(etc.resolve("io.haven.server.cfg"), "port", port);
        replaceKey(etc.resolve("io.haven.core.cfg"), "rootPassword", rootPassword);
        replaceKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", HavenTestSupport.freePort());
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", HavenTestSupport.freePort());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            set(extra[i], extra[i + 1]);
        }
    }

    /** Sets a key of a configuration file under etc/, for example {@code set("io.haven.aws.cfg:maxRetries", "4")}. */
    void set(String fileAndKey, String value) throws IOException {
        int colon = fileAndKey.indexOf(':');
        replaceKey(home.resolve("etc").resolve(fileAndKey.substring(0, colon)), fileAndKey.substring(colon + 1), value);
    }

    /**
     * Adds a feature to those installed at the first start, for example {@code haven-postgresql}: after Haven's own
     * feature, as {@code feature:install} would (put first, before the list's {@code (wrap)} stage, it left Jersey
     * without HK2 and the REST API unavailable).
     */
    void bootFeature(String feature) throws IOException {
        Path file = home.resolve("etc").resolve("org.apache.karaf.features.cfg");
        String text = Files.readString(file);
        java.util.regex.Matcher haven = java.util.regex.Pattern.compile("(?m)^\\s*haven/[^,]+, \\\\\\n").matcher(text);
        if (!haven.find()) {
            throw new IllegalStateException("no haven feature in the featuresBoot list of " + file);
        }
        Files.writeString(file, text.substring(0, haven.end()) + "    " + feature + ", \\\n" + text.substring(haven.end()));
    }

    /**
     * Runs this Haven on a database of the test's PostgreSQL instead of its own Derby, as docs/configuration.md says:
     * the data source's settings, with its connection pool, and the {@code haven-postgresql} feature.
     */
    void usePostgres(PostgresServer postgres, String database) throws IOException {
        set("org.ops4j.datasource-haven.cfg:osgi.jdbc.driver.name", "PostgreSQL JDBC Driver");
        set("org.ops4j.datasource-haven.cfg:url", postgres.jdbcUrl(database));
        set("org.ops4j.datasource-haven.cfg:user", PostgresServer.USER);
        set("org.ops4j.datasource-haven.cfg:pool", "dbcp2");
        set("org.ops4j.datasource-haven.cfg:xa", "false");
        set("org.ops4j.datasource-haven.cfg:pool.maxTotal", "32");
        set("org.ops4j.datasource-haven.cfg:pool.maxIdle", "32");
        bootFeature("haven-postgresql");
    }

    /** The unpacked distribution: Karaf's home. */
    Path home() {
        return home;
    }

    /** Karaf's log of this process, to show when a test fails. */
    String log() throws IOException {
        Path log = home.resolve("data").resolve("log").resolve("karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        builder.environment().remove("HAVEN_ROOT_PASSWORD");
        karaf = builder.start();
    }

    /** SIGKILL to bin/karaf and the JVM it started: nothing gets to shut down cleanly. */
    void kill() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> tree = karaf.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        tree.forEach(p -> p.onExit().join());
        karaf = null;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static void replaceKey(Path file, String key, String value) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*"))
                .toList();
        Files.write(file, Stream.concat(kept.stream(), Stream.of(key + " = " + value)).toList());
    }

    private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
        int exit = builder.inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", builder.command()) + " exited with " + exit);
        }
    }
}
