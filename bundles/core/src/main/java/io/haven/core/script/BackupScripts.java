package io.haven.core.script;

import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptRun.Outcome;
import io.haven.api.model.ScriptRun.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds and runs a policy's backup scripts (guide chapter 7): {@code before_<policy>},
 * {@code after_<policy>} and {@code complete_<policy>}, each with an optional {@code _suffix} and any
 * extension, in the scripts folder, or in a sub-folder named like the policy's owner when that is not
 * root. A script that is missing, cannot start, exits non-zero or outlives its timeout has failed.
 */
public final class BackupScripts {

    /** Standard error beyond this is cut off: a runaway script must not fill the database. */
    static final int MAX_STDERR_BYTES = 16 * 1024;

    private final Path root;
    private final Clock clock;

    public BackupScripts(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    /** The folder of an owner's scripts: the root for root (or no owner), else a sub-folder. */
    public Path folderOf(String owner) {
        return owner == null || owner.isBlank() || owner.equals("root") ? root : root.resolve(owner);
    }

    /**
     * The script of a phase for a policy. The guide does not promise which of several candidates runs;
     * Haven prefers an exact base name ({@code before_db} or {@code before_db.sh}) and otherwise takes the
     * first by name, so that the choice is at least stable.
     */
    public Optional<Path> find(Path folder, Phase phase, String policyName) {
        String base = phase.prefix() + policyName;
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> matches(file.getFileName().toString(), base))
                    .min(Comparator.comparing((Path file) -> !exact(file.getFileName().toString(), base))
                            .thenComparing(file -> file.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs the phase's script with the argument (none for before) and waits at most the timeout.
     * Standard output is discarded; standard error is kept when {@code collectOutput} is true.
     */
    public ScriptRun run(String owner, String policyName, Phase phase, String argument, Duration timeout,
                         boolean collectOutput) {
        Instant started = clock.instant();
        Path folder = folderOf(owner);
        Optional<Path> script = find(folder, phase, policyName);
        if (script.isEmpty()) {
            return new ScriptRun(phase, null, argument, Outcome.MISSING, null,
                    collectOutput ? "No script " + phase.prefix() + policyName + "[_suffix][.ext] in " + folder : null,
                    started, clock.instant());
        }
        String name = script.get().getFileName().toString();
        List<String> command = new ArrayList<>(List.of(script.get().toAbsolutePath().toString()));
        if (argument != null) {
            command.add(argument);
        }
        Path stderrFile = null;
        Process process = null;
        try {
            stderrFile = Files.createTempFile("haven-script-", ".err");
            process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderrFile.toFile())
                    .start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                killWithChildren(process);
            }
            String stderr = collectOutput ? head(stderrFile) : null;
            if (!exited) {
                return new ScriptRun(phase, name, argument, Outcome.TIMED_OUT, null, stderr, started, clock.instant());
            }
            int code = process.exitValue();
            return new ScriptRun(phase, name, argument, code == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, code, stderr,
                    started, clock.instant());
        } catch (IOException e) {
            return new ScriptRun(phase, name, argument, Outcome.FAILED, null,
                    collectOutput ? "Could not run " + name + ": " + e.getMessage() : null, started, clock.instant());
        } catch (InterruptedException e) {
            // Haven is stopping: the script goes too, rather than run on unwatched.
            if (process != null) {
                killWithChildren(process);
            }
            Thread.currentThread().interrupt();
            return new ScriptRun(phase, name, argument, Outcome.FAILED, null,
                    collectOutput ? "Interrupted while Haven was stopping" : null, started, clock.instant());
        } finally {
            if (stderrFile != null) {
                try {
                    Files.deleteIfExists(stderrFile);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Kills what the script started too, or a forgotten child keeps holding the instance frozen. */
    private static void killWithChildren(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean matches(String fileName, String base) {
        if (!fileName.startsWith(base)) {
            return false;
        }
        String rest = fileName.substring(base.length());
        return rest.isEmpty() || rest.startsWith("_") || rest.startsWith(".");
    }

    static boolean exact(String fileName, String base) {
        String rest = fileName.substring(base.length());
        return rest.isEmpty() || (rest.startsWith(".") && rest.indexOf('.', 1) < 0);
    }

    private static String head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_STDERR_BYTES + 1);
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_STDERR_BYTES), StandardCharsets.UTF_8);
            return bytes.length > MAX_STDERR_BYTES ? text + "\n[standard error cut off at 16 KiB]" : text;
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
