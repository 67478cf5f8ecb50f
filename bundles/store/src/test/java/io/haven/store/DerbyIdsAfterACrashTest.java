package io.haven.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.BackupTrigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids that users see (backup 7, backup 8, account 2, ...) stay dense when Haven dies without shutting Derby down: by
 * default Derby hands out identity values in blocks of 100 and skips the rest of a block after a crash.
 */
class DerbyIdsAfterACrashTest {

    @TempDir
    Path folder;

    @Test
    void aBackupStartedAfterAKillGetsTheNextId() throws Exception {
        String url = folder.resolve("db").toString();
        Process crashed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartTwoBackupsAndHalt.class.getName(), url)
                .inheritIO().start();
        assertThat(crashed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(crashed.exitValue()).as("the child halts on purpose with 3").isEqualTo(3);

        HavenStore store = new HavenStore(derby(url));
        long third = StartTwoBackupsAndHalt.startBackup(store);
        long secondAccount = StartTwoBackupsAndHalt.addAccount(store, "after");

        assertThat(third).as("backup ids come from the store's counter (decision 0058)").isEqualTo(3);
        assertThat(secondAccount).as("other ids from Derby's identity columns, one value at a time").isEqualTo(2);
    }

    static EmbeddedDataSource derby(String path) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(path);
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    /** Runs in a JVM of its own: starts backups 1 and 2, then dies as a kill -9 would, without a shutdown. */
    public static final class StartTwoBackupsAndHalt {
        public static void main(String[] args) {
            HavenStore store = new HavenStore(derby(args[0]));
            long first = startBackup(store);
            long second = startBackup(store);
            long account = addAccount(store, "before");
            if (first != 1 || second != 2 || account != 1) {
                Runtime.getRuntime().halt(1);
            }
            Runtime.getRuntime().halt(3);
        }

        static long addAccount(HavenStore store, String name) {
            return store.accounts().insert(new io.haven.api.model.Account(0, name,
                    io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                    Instant.now()), null).id();
        }

        static long startBackup(HavenStore store) {
            long id = store.backups().start(1L, 1L, "p", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
            // Finished at once, so that the next start of this policy is allowed.
            store.backups().finish(id, io.haven.api.model.BackupStatus.SUCCESSFUL, "done", Instant.now());
            return id;
        }
    }
}
