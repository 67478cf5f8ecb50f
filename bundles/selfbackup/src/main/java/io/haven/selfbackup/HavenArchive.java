package io.haven.selfbackup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The archive of a {@code cpmdata} backup: a ZIP, encrypted by {@link ArchiveCipher}, holding
 * {@value #MANIFEST} (what it is), {@value #STORE} (the database export), {@value #SECRET_KEY} (the key that encrypts
 * account secrets) and Haven's configuration files under {@value #ETC}.
 */
public final class HavenArchive {

    public static final String MANIFEST = "manifest.properties";
    public static final String STORE = "store.export";
    public static final String SECRET_KEY = "secrets.key";
    public static final String ETC = "etc/";
    /** The file name ending of archives in the bucket. */
    public static final String SUFFIX = ".havenbackup";

    private HavenArchive() {
    }

    /** Writes the database export into the archive (and does not close the stream). */
    @FunctionalInterface
    public interface StoreWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Told of each file of an archive as it is read; the stream is the file's content, not to be closed. */
    @FunctionalInterface
    public interface EntryHandler {
        void entry(String name, InputStream content) throws IOException;
    }

    /** Writes an encrypted archive to {@code out} (closed at the end). */
    public static void write(OutputStream out, char[] passphrase, Properties manifest, StoreWriter store,
                             Path secretKey, List<Path> etcFiles) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(ArchiveCipher.encrypting(out, passphrase))) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            StringWriter text = new StringWriter();
            manifest.store(text, "Haven backup of itself (cpmdata)");
            zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(SECRET_KEY));
            zip.write(Files.readAllBytes(secretKey));
            zip.closeEntry();
            for (Path file : etcFiles) {
                zip.putNextEntry(new ZipEntry(ETC + file.getFileName()));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
            // The export last: by far the largest, and the others are then read before it on restore.
            zip.putNextEntry(new ZipEntry(STORE));
            store.writeTo(zip);
            zip.closeEntry();
        }
    }

    /**
     * Reads an archive, handing each file to {@code handler}, and returns its manifest.
     *
     * @throws ArchiveCipher.WrongPassphraseException on a wrong passphrase or a changed archive
     */
    public static Properties read(InputStream in, char[] passphrase, EntryHandler handler) throws IOException {
        Properties manifest = null;
        boolean store = false;
        boolean key = false;
        try (ZipInputStream zip = new ZipInputStream(ArchiveCipher.decrypting(in, passphrase))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.contains("..") || name.startsWith("/") || name.contains("\\")) {
                    throw new IOException("The archive holds a file with an unsafe name: " + name);
                }
                if (name.equals(MANIFEST)) {
                    manifest = new Properties();
                    manifest.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
                    continue;
                }
                store |= name.equals(STORE);
                key |= name.equals(SECRET_KEY);
                handler.entry(name, zip);
            }
        }
        if (manifest == null || !store || !key) {
            throw new IOException("The archive is incomplete: it lacks " + (manifest == null ? MANIFEST
                    : !store ? STORE : SECRET_KEY));
        }
        return manifest;
    }
}
