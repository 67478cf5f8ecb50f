package io.haven.selfbackup;

import io.haven.store.StagedRestore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a {@code cpmdata} archive into a Haven installation that has not started yet (decision 0042): Haven's
 * {@code etc/io.haven.*.cfg} files, the secret key where core's configuration names it, the passphrase file where the
 * self-backup's configuration names it, and the database export where the store imports it at the next start
 * ({@code data/haven/restore/store.export}); {@code recoveryOnly = true} is set in {@code etc/io.haven.core.cfg}, so
 * that the new Haven comes up in recovery-only mode. Nothing is put in place before the whole archive has been read
 * and its integrity checked.
 */
public final class HavenRestore {

    static final String DEFAULT_SECRET_KEY = "haven/keys/secrets.key";
    static final String CORE_CFG = "io.haven.core.cfg";
    static final String SELF_BACKUP_CFG = "io.haven.selfbackup.cfg";

    private final Path home;
    private final Path data;

    /**
     * @param home Karaf's home (with {@code etc/})
     * @param data Karaf's data folder
     */
    public HavenRestore(Path home, Path data) {
        this.home = home;
        this.data = data;
    }

    /** What was restored. */
    public record Outcome(Properties manifest, List<String> configFiles, Path secretKey, Path stagedExport) {
    }

    /**
     * Restores from the archive.
     *
     * @param force restore even though a Derby database exists in the data folder, or the configured PostgreSQL
     *              database holds Haven's data (either is then replaced at start)
     */
    public Outcome restore(InputStream archive, char[] passphrase, String passphraseText, boolean force)
            throws IOException {
        Path database = data.resolve("haven/db");
        if (Files.exists(database) && !force) {
            throw new IOException("This Haven already has a database (" + database + "): restore into a fresh "
                    + "installation, or give --force to replace its data");
        }
        Path incoming = data.resolve("haven/restore/incoming");
        deleteTree(incoming);
        Files.createDirectories(incoming);
        ownerOnly(incoming.getParent());
        ownerOnly(incoming);
        List<String> configs = new ArrayList<>();
        Properties manifest = HavenArchive.read(archive, passphrase, (name, content) -> {
            Path file = incoming.resolve(name.replace('/', '_'));
            try (OutputStream out = newOwnerOnly(file)) {
                content.transferTo(out);
            }
            if (name.startsWith(HavenArchive.ETC)) {
                String fileName = name.substring(HavenArchive.ETC.length());
                if (!fileName.matches("io\\.haven\\.[A-Za-z0-9_.-]+\\.cfg")) {
                    throw new IOException("The archive holds an unexpected configuration file: " + name);
                }
                configs.add(fileName);
            }
        });
        // All read and checked: put it in place.
        Path etc = home.resolve("etc");
        Files.createDirectories(etc);
        for (String config : configs) {
            Files.copy(incoming.resolve("etc_" + config), etc.resolve(config), StandardCopyOption.REPLACE_EXISTING);
        }
        Path coreCfg = etc.resolve(CORE_CFG);
        setRecoveryOnly(coreCfg);
        Path secretKey = configuredPath(coreCfg, "secretKeyFile", data.resolve(DEFAULT_SECRET_KEY));
        Files.createDirectories(secretKey.getParent());
        ownerOnly(secretKey.getParent());
        Files.move(incoming.resolve(HavenArchive.SECRET_KEY), secretKey, StandardCopyOption.REPLACE_EXISTING);
        ownerOnly(secretKey);
        Path passphraseFile = configuredPath(etc.resolve(SELF_BACKUP_CFG), "passphraseFile",
                data.resolve(SelfBackupConfig.DEFAULT_PASSPHRASE_FILE));
        Files.createDirectories(passphraseFile.getParent());
        try (OutputStream out = newOwnerOnly(passphraseFile)) {
            out.write(passphraseText.getBytes(StandardCharsets.UTF_8));
        }
        // the store's paths are constants, compiled in here: lib/restore needs no store jar (JLS 13.1)
        Path staged = data.resolve(StagedRestore.RELATIVE_PATH);
        Files.move(incoming.resolve(HavenArchive.STORE), staged, StandardCopyOption.REPLACE_EXISTING);
        Path replace = staged.resolveSibling(StagedRestore.REPLACE_MARKER);
        Files.deleteIfExists(replace);
        if (force) {
            deleteTree(database);
            // This tool cannot see a PostgreSQL database: the store replaces one holding Haven's data only with this.
            newOwnerOnly(replace).close();
        }
        deleteTree(incoming);
        return new Outcome(manifest, configs, secretKey, staged);
    }

    /** Sets {@code recoveryOnly = true} in core's configuration, replacing the key's line or adding one. */
    static void setRecoveryOnly(Path coreCfg) throws IOException {
        List<String> lines = Files.exists(coreCfg) ? new ArrayList<>(Files.readAllLines(coreCfg, StandardCharsets.UTF_8))
                : new ArrayList<>();
        boolean set = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*recoveryOnly\\s*[=:].*")) {
                lines.set(i, "recoveryOnly = true");
                set = true;
            }
        }
        if (!set) {
            lines.add("# Set by bin/haven-restore: a Haven restored from its own backup starts in recovery-only mode.");
            lines.add("recoveryOnly = true");
        }
        Files.write(coreCfg, lines, StandardCharsets.UTF_8);
    }

    /** A path key of a .cfg file, with ${karaf.data} and ${karaf.home} resolved; the fallback when empty or absent. */
    Path configuredPath(Path cfg, String key, Path fallback) throws IOException {
        if (!Files.exists(cfg)) {
            return fallback;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(cfg)) {
            properties.load(in);
        }
        String value = properties.getProperty(key, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher m = Pattern.compile("\\$\\{(karaf\\.data|karaf\\.home)}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(resolved, Matcher.quoteReplacement(
                    (m.group(1).equals("karaf.data") ? data : home).toString()));
        }
        m.appendTail(resolved);
        Path path = Path.of(resolved.toString());
        return path.isAbsolute() ? path : home.resolve(path);
    }

    private static OutputStream newOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private static void ownerOnly(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path)
                    ? "rwx------" : "rw-------"));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
