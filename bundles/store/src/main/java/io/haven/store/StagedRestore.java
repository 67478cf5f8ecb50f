package io.haven.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database export that {@code bin/haven-restore} left for the next start (Haven's own DR, decision 0042): the
 * store imports it before anything else uses the database, at the schema version it was made at, then migrates as
 * usual, and deletes the file. A failed import stops the store from starting, with the reason in the log, and
 * leaves the file for another try.
 */
public final class StagedRestore {

    private static final Logger LOG = LoggerFactory.getLogger(StagedRestore.class);

    /** Where the restore tool puts the export, relative to Karaf's data folder. */
    public static final String RELATIVE_PATH = "haven/restore/store.export";

    private StagedRestore() {
    }

    /** {@code ${karaf.data}/haven/restore/store.export}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("karaf.data", "data")).resolve(RELATIVE_PATH);
    }

    /** Imports the staged export when there is one; returns whether it did. */
    public static boolean importIfStaged(Database database, Path staged) {
        if (!Files.isRegularFile(staged)) {
            return false;
        }
        LOG.info("Restoring Haven's database from the staged export {}", staged);
        int version;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(staged))) {
            version = StoreExport.schemaVersionOf(in);
        } catch (IOException e) {
            throw new StoreException("Cannot read the staged export " + staged + ": " + e.getMessage(), e);
        }
        database.migrate(version);
        StoreExport.Summary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(staged), 1 << 16)) {
            summary = StoreExport.importAll(database.dataSource(), in);
        } catch (IOException e) {
            throw new StoreException("Cannot read the staged export " + staged + ": " + e.getMessage(), e);
        }
        try {
            Files.delete(staged);
        } catch (IOException e) {
            throw new StoreException("Imported " + staged + " but cannot delete it; delete it before the next start", e);
        }
        LOG.info("Restored Haven's database: {} rows in {} tables at schema version {}", summary.rows(),
                summary.tables(), summary.schemaVersion());
        return true;
    }
}
