package io.haven.testing.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds a Python interpreter that can import moto with its server extras: the machine's
 * {@code python3} when it has them, otherwise a virtualenv under the repository's
 * {@code target/moto-venv} into which the pinned spec is installed once.
 */
final class MotoPython {

    static final String PIP_SPEC_PROPERTY = "moto.pip.spec";
    static final String DEFAULT_PIP_SPEC = "moto[server]==5.2.3";
    static final String ROOT_PROPERTY = "haven.root";

    private static final String SYSTEM_PYTHON = "python3";
    private static final String IMPORT_CHECK = "import moto, flask, flask_cors";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    // The parent's own artifactId, not a child's <parent> reference to it.
    private static final Pattern PARENT_BLOCK = Pattern.compile("(?s)<parent>.*?</parent>");

    private MotoPython() {
    }

    /** The interpreter to run {@code -m moto.server} with. Fails with a clear message when there is none. */
    static String locate() {
        CommandResult system = CommandResult.run(List.of(SYSTEM_PYTHON, "-c", IMPORT_CHECK), CHECK_TIMEOUT);
        if (system.succeeded()) {
            return SYSTEM_PYTHON;
        }
        Path venv = repositoryRoot().resolve("target").resolve("moto-venv");
        try {
            return inVirtualenv(venv, System.getProperty(PIP_SPEC_PROPERTY, DEFAULT_PIP_SPEC), system);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the moto virtualenv in " + venv, e);
        }
    }

    private static String inVirtualenv(Path venv, String pipSpec, CommandResult systemCheck) throws IOException {
        Files.createDirectories(venv.getParent());
        Path lockFile = venv.getParent().resolve("moto-venv.lock");
        // Several test JVMs (one per module) may start at once: only one of them installs.
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            String python = venv.resolve("bin").resolve("python").toString();
            if (Files.isExecutable(Path.of(python))
                    && CommandResult.run(List.of(python, "-c", IMPORT_CHECK), CHECK_TIMEOUT).succeeded()) {
                return python;
            }
            CommandResult create = CommandResult.run(List.of(SYSTEM_PYTHON, "-m", "venv", venv.toString()), CHECK_TIMEOUT);
            CommandResult install = create.succeeded()
                    ? CommandResult.run(List.of(python, "-m", "pip", "install", "--quiet", pipSpec), INSTALL_TIMEOUT)
                    : create;
            if (install.succeeded()
                    && CommandResult.run(List.of(python, "-c", IMPORT_CHECK), CHECK_TIMEOUT).succeeded()) {
                return python;
            }
            throw new IllegalStateException("""
                    moto cannot run on this machine.
                    '%s -c "%s"' failed:
                    %s
                    and installing '%s' into the virtualenv %s failed:
                    %s
                    Install moto with its server extras (pip install '%s') or make PyPI reachable."""
                    .formatted(SYSTEM_PYTHON, IMPORT_CHECK, systemCheck.output().strip(), pipSpec, venv,
                            install.output().strip(), pipSpec));
        }
    }

    /** The directory of the haven-parent POM: system property haven.root, else found upwards from user.dir. */
    static Path repositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isHavenParent(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return start;
    }

    private static boolean isHavenParent(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String text = Files.readString(pom, StandardCharsets.UTF_8);
            return PARENT_BLOCK.matcher(text).replaceAll("").contains("<artifactId>haven-parent</artifactId>");
        } catch (IOException e) {
            return false;
        }
    }

    /** Exit status and combined output of a finished child process. */
    record CommandResult(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        static CommandResult run(List<String> command, Duration timeout) {
            Path out = null;
            try {
                out = Files.createTempFile("haven-moto-cmd", ".log");
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return new CommandResult(-1, String.join(" ", command) + " did not finish within " + timeout);
                }
                return new CommandResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new CommandResult(-1, String.join(" ", command) + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CommandResult(-1, String.join(" ", command) + ": interrupted");
            } finally {
                if (out != null) {
                    try {
                        Files.deleteIfExists(out);
                    } catch (IOException ignored) {
                        // a leftover temp file is harmless
                    }
                }
            }
        }
    }
}
