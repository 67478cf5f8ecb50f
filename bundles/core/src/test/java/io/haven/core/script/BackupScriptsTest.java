package io.haven.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.haven.api.model.ScriptRun;
import io.haven.api.model.ScriptRun.Outcome;
import io.haven.api.model.ScriptRun.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts on the real file system: exit codes, arguments, timeouts, standard error. */
class BackupScriptsTest {

    @TempDir
    Path root;

    private BackupScripts scripts() {
        return new BackupScripts(root, Clock.systemUTC());
    }

    @Test
    void aSucceedingScriptGetsItsArgumentAndItsStandardErrorIsCollected() throws IOException {
        Path marker = root.resolve("marker");
        script(root, "after_nightly_v2.sh", "echo \"arg=$1\" > " + marker + "\necho 'released locks' >&2\necho noise\n");
        ScriptRun run = scripts().run(null, "nightly", Phase.AFTER, "1", Duration.ofSeconds(10), true);
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.script()).isEqualTo("after_nightly_v2.sh");
        assertThat(run.argument()).isEqualTo("1");
        assertThat(run.stderr()).isEqualTo("released locks\n");
        assertThat(Files.readString(marker)).isEqualTo("arg=1\n");
    }

    @Test
    void aNonZeroExitIsAFailureAndOutputIsIgnoredUnlessCollected() throws IOException {
        script(root, "before_nightly.py.sh", "echo 'cannot freeze' >&2\nexit 3\n");
        ScriptRun run = scripts().run(null, "nightly", Phase.BEFORE, null, Duration.ofSeconds(10), false);
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).isNull();
    }

    @Test
    void aScriptThatOutlivesItsTimeoutIsKilledWithItsChildren() throws IOException {
        Path child = root.resolve("child.pid");
        script(root, "complete_nightly", "sleep 60 &\necho $! > " + child + "\nwait\n");
        ScriptRun run = scripts().run(null, "nightly", Phase.COMPLETE, "0", Duration.ofSeconds(2), true);
        assertThat(run.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(run.exitCode()).isNull();
        long childPid = Long.parseLong(Files.readString(child).trim());
        // SIGKILL is delivered asynchronously; a killed child may linger as a zombie until it is reaped.
        await().atMost(Duration.ofSeconds(5)).until(() -> !running(childPid));
    }

    @Test
    void aScriptWhoseThreadIsInterruptedWhenHavenStopsIsKilledWithItsChildren() throws Exception {
        Path child = root.resolve("child.pid");
        script(root, "before_nightly", "sleep 60 &\necho $! > " + child + "\nwait\n");
        AtomicReference<ScriptRun> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(
                scripts().run(null, "nightly", Phase.BEFORE, null, Duration.ofSeconds(60), true)));
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(child) && !Files.readString(child).isBlank());

        runner.interrupt();
        runner.join(Duration.ofSeconds(10).toMillis());

        assertThat(runner.isAlive()).isFalse();
        assertThat(result.get().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.get().stderr()).isEqualTo("Interrupted while Haven was stopping");
        long childPid = Long.parseLong(Files.readString(child).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> !running(childPid));
    }

    @Test
    void aMissingScriptIsReportedAsMissing() {
        ScriptRun run = scripts().run(null, "nightly", Phase.BEFORE, null, Duration.ofSeconds(1), true);
        assertThat(run.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(run.script()).isNull();
        assertThat(run.stderr()).contains("before_nightly");
    }

    @Test
    void aScriptThatIsNotExecutableFails() throws IOException {
        Files.writeString(root.resolve("before_nightly.sh"), "#!/bin/sh\nexit 0\n");
        ScriptRun run = scripts().run(null, "nightly", Phase.BEFORE, null, Duration.ofSeconds(5), true);
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.stderr()).contains("before_nightly.sh");
    }

    @Test
    void nonRootOwnersHaveTheirOwnFolder() throws IOException {
        Path folder = Files.createDirectories(root.resolve("alice"));
        script(folder, "before_nightly.sh", "exit 0\n");
        assertThat(scripts().run("alice", "nightly", Phase.BEFORE, null, Duration.ofSeconds(5), false).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(scripts().run("root", "nightly", Phase.BEFORE, null, Duration.ofSeconds(5), false).outcome())
                .isEqualTo(Outcome.MISSING);
    }

    @Test
    void scriptsOfOtherPoliciesAndPhasesAreNotPicked() throws IOException {
        script(root, "before_nightlyx.sh", "exit 0\n");
        script(root, "after_nightly.sh", "exit 0\n");
        assertThat(scripts().find(root, Phase.BEFORE, "nightly")).isEmpty();
        script(root, "before_nightly_b.sh", "exit 0\n");
        script(root, "before_nightly.sh", "exit 0\n");
        assertThat(scripts().find(root, Phase.BEFORE, "nightly")).hasValue(root.resolve("before_nightly.sh"));
    }

    @Test
    void hugeStandardErrorIsCutOff() throws IOException {
        script(root, "before_big", "yes x | head -c 100000 >&2\n");
        ScriptRun run = scripts().run(null, "big", Phase.BEFORE, null, Duration.ofSeconds(10), true);
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.stderr()).startsWith("x\nx\n").endsWith("[standard error cut off at 16 KiB]")
                .hasSizeLessThan(BackupScripts.MAX_STDERR_BYTES + 100);
    }

    /** Whether a process exists and is not a zombie, read from Linux's /proc. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    static Path script(Path folder, String name, String body) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
