package io.haven.testing.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of the machine's installation (Debian's postgresql package), run in a fresh
 * folder under target/ on a free loopback port with trust authentication, for tests only. PostgreSQL
 * refuses to run as root, so as root the server runs as the user {@code postgres}.
 */
public final class PostgresServer {

    /** The superuser of the server, with trust authentication on loopback. */
    public static final String USER = "haven";

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server in a fresh folder under target/ (created when missing). */
    public static PostgresServer start() {
        try {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            Path dir = Files.createTempDirectory(target, "pg-");
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

    public int port() {
        return port;
    }

    /** The JDBC URL of a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database owned by {@link #USER}. */
    public void createDatabase(String name) {
        try {
            run(List.of(tool("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database, ending the sessions still connected to it (a killed client's may linger a moment). */
    public void dropDatabase(String name) {
        try {
            run(List.of(tool("dropdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "--force", name));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as {@code psql} prints it (a test reads a count). */
    public String queryOne(String database, String sql) {
        try {
            return run(List.of(tool("psql"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", database,
                    "-At", "-v", "ON_ERROR_STOP=1", "-c", sql)).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot query database " + database + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
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

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", command), e);
        }
    }
}
