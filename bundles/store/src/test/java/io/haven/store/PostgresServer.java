package io.haven.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A PostgreSQL server of the machine's installation (Debian's postgresql package), run in a fresh
 * folder under target/ on a free loopback port with trust authentication, for tests only. PostgreSQL
 * refuses to run as root, so as root the server runs as the user {@code postgres}.
 */
final class PostgresServer {

    static final String USER = "haven";

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static PostgresServer start() {
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (isRoot()) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            run(asServerUser(List.of(tool("initdb"), "-D", dir.resolve("data").toString(), "-U", USER, "-A", "trust",
                    "--no-sync")));
            run(asServerUser(List.of(tool("pg_ctl"), "-D", dir.resolve("data").toString(), "-w", "-l",
                    dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start")));
            return new PostgresServer(dir, port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    DataSource dataSource(String database) {
        return PostgresStoreTest.dataSource(port, database);
    }

    void stop() {
        try {
            run(asServerUser(List.of(tool("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot stop the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String tool(String name) {
        for (Path candidate : candidates(name)) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("PostgreSQL's " + name + " is not installed; install Debian's postgresql "
                + "package (.ci/run does) to run the PostgreSQL store tests");
    }

    private static List<Path> candidates(String name) {
        List<Path> paths = new ArrayList<>();
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(java.util.Comparator.reverseOrder()).forEach(v -> paths.add(v.resolve("bin").resolve(name)));
        } catch (IOException notDebian) {
            // fall back to the PATH below
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            paths.add(Path.of(entry, name));
        }
        return paths;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", command), e);
        }
    }
}
