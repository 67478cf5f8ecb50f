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
 *
 * <p>The import replaces every row. The restore tool refuses a Derby database in the data folder unless forced, but
 * it cannot see a PostgreSQL database, which may be the one a running Haven uses (decision 0053): so a database that
 * already holds Haven's schema is replaced only when the restore was forced, which the tool says by a marker file
 * beside the export.
 */
public final class StagedRestore {

    private static final Logger LOG = LoggerFactory.getLogger(StagedRestore.class);

    /** Where the restore tool puts the export, relative to Karaf's data folder. */
    public static final String RELATIVE_PATH = "haven/restore/store.export";
    /** Beside the export when {@code bin/haven-restore --force} ran: a database with Haven's data may be replaced. */
    public static final String REPLACE_MARKER = "replace-existing";

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
        Path replace = staged.resolveSibling(REPLACE_MARKER);
        int existing = database.read(jdbc -> jdbc.tableExists("SCHEMA_VERSION")
                ? jdbc.queryOne("SELECT MAX(version) FROM schema_version", rs -> rs.getInt(1)).orElse(0) : 0);
        if (existing > 0 && !Files.exists(replace)) {
            throw new StoreException("Not restoring the staged export " + staged + ": the database already holds "
                    + "Haven's data (schema version " + existing + "). Point the data source at an empty database, or "
                    + "run bin/haven-restore again with --force to replace that data", null);
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
            summary = StoreExport.importAll(database, in);
        } catch (IOException e) {
            throw new StoreException("Cannot read the staged export " + staged + ": " + e.getMessage(), e);
        }
        try {
            Files.delete(staged);
            Files.deleteIfExists(replace);
        } catch (IOException e) {
            throw new StoreException("Imported " + staged + " but cannot delete it; delete it before the next start", e);
        }
        LOG.info("Restored Haven's database: {} rows in {} tables at schema version {}", summary.rows(),
                summary.tables(), summary.schemaVersion());
        return true;
    }
}
