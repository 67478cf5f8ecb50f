package io.haven.selfbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HavenRestoreTest {

    private static final char[] PASSPHRASE = "a passphrase for tests".toCharArray();

    @TempDir
    Path folder;

    @Test
    void anInstallationWithADatabaseIsRefusedUnlessForcedAndNothingIsWritten() throws IOException {
        Path home = folder.resolve("home");
        Files.createDirectories(home.resolve("data/haven/db"));
        byte[] archive = archive("secretKeyFile =\\nrecoveryOnly = false\\n");
        HavenRestore restore = new HavenRestore(home, home.resolve("data"));

        assertThatThrownBy(() -> restore.restore(new ByteArrayInputStream(archive), PASSPHRASE, "p", false))
                .hasMessageContaining("already has a database").hasMessageContaining("--force");
        assertThat(home.resolve("etc")).doesNotExist();

        HavenRestore.Outcome outcome = restore.restore(new ByteArrayInputStream(archive), PASSPHRASE, "p", true);
        assertThat(home.resolve("data/haven/db")).doesNotExist();
        assertThat(outcome.stagedExport().resolveSibling(io.haven.store.StagedRestore.REPLACE_MARKER))
                .as("the store may replace a PostgreSQL database's data").exists();
        restore.restore(new ByteArrayInputStream(archive), PASSPHRASE, "p", false);
        assertThat(outcome.stagedExport().resolveSibling(io.haven.store.StagedRestore.REPLACE_MARKER))
                .as("not forced this time").doesNotExist();
        assertThat(outcome.stagedExport()).hasContent("EXPORT");
        assertThat(outcome.configFiles()).containsExactly("io.haven.core.cfg");
    }

    @Test
    void theSecretKeyGoesWhereTheRestoredConfigurationSays() throws IOException {
        Path home = folder.resolve("home");
        byte[] archive = archive("secretKeyFile = ${karaf.home}/keys/my.key\n");
        HavenRestore.Outcome outcome = new HavenRestore(home, home.resolve("data"))
                .restore(new ByteArrayInputStream(archive), PASSPHRASE, "p", false);
        assertThat(outcome.secretKey()).isEqualTo(home.resolve("keys/my.key"));
        assertThat(Files.readAllBytes(outcome.secretKey())).containsExactly(9, 9);
        assertThat(Files.readString(home.resolve("etc/io.haven.core.cfg"))).contains("recoveryOnly = true");
        assertThat(home.resolve("data/haven/restore/incoming")).doesNotExist();
    }

    @Test
    void recoveryOnlyReplacesTheKeyOrIsAdded() throws IOException {
        Path cfg = folder.resolve("io.haven.core.cfg");
        Files.writeString(cfg, "a = 1\nrecoveryOnly=false\nb = 2\n");
        HavenRestore.setRecoveryOnly(cfg);
        assertThat(Files.readAllLines(cfg)).containsExactly("a = 1", "recoveryOnly = true", "b = 2");
        Files.writeString(cfg, "a = 1\n");
        HavenRestore.setRecoveryOnly(cfg);
        assertThat(Files.readAllLines(cfg)).endsWith("recoveryOnly = true");
    }

    @Test
    void anArchiveWithoutItsExportIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(ArchiveCipher.encrypting(out, PASSPHRASE, 10_000))) {
            zip.putNextEntry(new java.util.zip.ZipEntry(HavenArchive.MANIFEST));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry(HavenArchive.SECRET_KEY));
            zip.closeEntry();
        }
        Path home = folder.resolve("home");
        assertThatThrownBy(() -> new HavenRestore(home, home.resolve("data"))
                .restore(new ByteArrayInputStream(out.toByteArray()), PASSPHRASE, "p", false))
                .hasMessageContaining("incomplete").hasMessageContaining(HavenArchive.STORE);
        assertThat(home.resolve("etc")).doesNotExist();
    }

    private byte[] archive(String coreCfg) throws IOException {
        Path etc = Files.createDirectories(folder.resolve("source-etc"));
        Files.writeString(etc.resolve("io.haven.core.cfg"), coreCfg.replace("\\n", "\n"));
        Path key = folder.resolve("source.key");
        Files.write(key, new byte[] {9, 9});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Properties manifest = new Properties();
        manifest.setProperty("backupId", "1");
        HavenArchive.write(out, PASSPHRASE, manifest, zip -> zip.write("EXPORT".getBytes(StandardCharsets.UTF_8)), key,
                List.of(etc.resolve("io.haven.core.cfg")));
        return out.toByteArray();
    }
}
