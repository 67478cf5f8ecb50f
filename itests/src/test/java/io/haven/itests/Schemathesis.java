package io.haven.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The schemathesis command line ({@code st}), pinned by the parent POM's {@code schemathesis.pip.spec}:
 * installed once into a virtualenv under the repository's {@code target/}, as testing/moto installs
 * moto, so that a machine needs only python3 with venv.
 */
final class Schemathesis {

    static final String PIP_SPEC_PROPERTY = "schemathesis.pip.spec";
    private static final Path VENV = Path.of("..", "target", "schemathesis-venv").toAbsolutePath().normalize();

    private Schemathesis() {
    }

    /** The path of {@code st}, installing the pinned version first when it is not there. */
    static String command() throws IOException, InterruptedException {
        String spec = System.getProperty(PIP_SPEC_PROPERTY);
        if (spec == null || !spec.contains("==")) {
            throw new IllegalStateException("Run through Maven: the pinned " + PIP_SPEC_PROPERTY + " is missing");
        }
        String version = spec.substring(spec.indexOf("==") + 2);
        Path st = VENV.resolve("bin").resolve("st");
        if (Files.isExecutable(st) && run(List.of(st.toString(), "--version"), 60).contains(version)) {
            return st.toString();
        }
        run(List.of("python3", "-m", "venv", VENV.toString()), 120);
        run(List.of(VENV.resolve("bin").resolve("python").toString(), "-m", "pip", "install", "--quiet", spec), 600);
        String installed = run(List.of(st.toString(), "--version"), 60);
        if (!installed.contains(version)) {
            throw new IllegalStateException("Installed " + spec + " but st reports: " + installed);
        }
        return st.toString();
    }

    /** Runs a command to its end and returns its output; fails on a non-zero exit. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile("schemathesis", ".log");
        try {
            int exit = run(command, timeoutSeconds, output);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Runs a command with its output in a file, and returns its exit code. */
    static int run(List<String> command, long timeoutSeconds, Path output) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutSeconds
                    + " s; its output is in " + output);
        }
        return process.exitValue();
    }
}
