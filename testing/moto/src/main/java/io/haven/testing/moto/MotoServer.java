package io.haven.testing.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code moto_server} process on a free loopback port.
 *
 * <p>{@link #start()} finds a Python that can run moto (see {@link MotoPython}), starts the
 * server and returns once it answers. The process's output goes to {@code target/moto-PORT.log}
 * under the working directory. {@link #stop()} ends the process and its children.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Process process;
    private Thread shutdownHook;
    private int port;
    private Path log;

    /** Starts moto unless it already runs; returns this server. */
    public synchronized MotoServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        String python = MotoPython.locate();
        IllegalStateException last = null;
        // A free port can be taken by someone else before moto binds it: try a few ports.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                launch(python, freePort());
                awaitReady();
                registerShutdownHook();
                return this;
            } catch (IllegalStateException e) {
                destroyProcessTree();
                last = e;
            }
        }
        throw last;
    }

    /** The base URL, {@code http://127.0.0.1:PORT}. */
    public synchronized String endpoint() {
        if (process == null) {
            throw new IllegalStateException("moto is not started");
        }
        return "http://127.0.0.1:" + port;
    }

    /** Clears all of moto's state (every service, every account) and stops checking IAM permissions. */
    public void reset() {
        post("/moto-api/reset", "");
        checkIamPermissions(false);
    }

    /**
     * Makes moto check every request against the IAM policies of the user whose access key signs it, as
     * AWS does (moto's own "test" keys are then refused), or stop doing so. Tests that turn it on turn it
     * off when they end; {@link #reset()} does too.
     */
    public void checkIamPermissions(boolean check) {
        // moto authorizes requests after this many unauthorized ones; infinity means never
        post("/moto-api/reset-auth", check ? "0" : "inf");
    }

    private void post(String path, String body) {
        int status;
        try {
            status = postTo(path, body);
        } catch (IOException e) {
            throw new UncheckedIOException("moto at " + endpoint() + " did not answer " + path, e);
        }
        if (status != 200) {
            throw new IllegalStateException("moto at " + endpoint() + " answered " + path + " with HTTP " + status);
        }
    }

    /** Ends the moto process and its children. Does nothing when it does not run. */
    public synchronized void stop() {
        destroyProcessTree();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to: nothing left to undo
            }
            shutdownHook = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The file that receives moto's output, or null before the first start. */
    public synchronized Path logFile() {
        return log;
    }

    /** The running process, for tests of this class. */
    synchronized java.util.Optional<ProcessHandle> processHandle() {
        return java.util.Optional.ofNullable(process).map(Process::toHandle);
    }

    /**
     * Runs moto's server in-process with a thread that reads its standard input, a pipe from this JVM:
     * when this JVM ends in any way, even killed, the pipe closes and moto exits instead of lingering.
     */
    private static final String LIFELINE = "import os, sys, threading\n"
            + "threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n"
            + AwsBehaviourPatches.PYTHON
            + "from moto.server import main\n";

    private void launch(String python, int chosenPort) {
        port = chosenPort;
        Path targetDir = Path.of(System.getProperty("user.dir"), "target").toAbsolutePath();
        log = targetDir.resolve("moto-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(python, "-c", LIFELINE + "main(['-H', '127.0.0.1', '-p', '"
                + port + "'])"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Without this moto preloads about 1,200 public AMIs on every reset.
        builder.environment().put("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
        try {
            Files.createDirectories(targetDir);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start moto with " + python + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with status " + process.exitValue()
                        + " before it was ready. Its output (" + log + "):\n" + logText());
            }
            try {
                if (postTo("/moto-api/reset", "") == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            }
            waitForExit(POLL_INTERVAL);
        }
        throw new IllegalStateException("moto did not answer POST /moto-api/reset on port " + port
                + " within " + READY_TIMEOUT.toSeconds() + " s. Its output (" + log + "):\n" + logText());
    }

    private int postTo(String path, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Waits up to the given time for the process to exit; used as the pause between polls. */
    private void waitForExit(Duration time) {
        try {
            process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }

    private void registerShutdownHook() {
        // Stops moto when a test JVM ends without closing the extension's store (kill, System.exit).
        shutdownHook = new Thread(this::destroyProcessTree, "moto-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void destroyProcessTree() {
        if (process == null) {
            return;
        }
        // Children first: the python command may be a wrapper (pyenv shim) that started the real server.
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        children.forEach(MotoServer::awaitOrKill);
        awaitOrKill(process.toHandle());
        process = null;
    }

    private static void awaitOrKill(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        }
    }

    /** Runs moto for scripts: prints the endpoint, then runs until the JVM is killed. */
    public static void main(String[] args) throws InterruptedException {
        MotoServer server = new MotoServer().start();
        System.out.println(server.endpoint());
        System.out.flush();
        Process running;
        synchronized (server) {
            running = server.process;
        }
        int status = running.waitFor();
        // Only a kill should end moto; exiting on its own is a failure whatever its status.
        System.err.println("moto exited with status " + status + "; output in " + server.logFile());
        System.exit(1);
    }
}
