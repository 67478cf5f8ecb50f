package io.haven.testing.store;

import io.haven.store.HavenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Fresh in-memory Derby databases that already hold Haven's whole schema.
 *
 * <p>Migrating a new Derby database through every version costs over a second, and the unit tests make hundreds
 * of them. So the first call migrates one template per JVM and backs it up to a temporary folder; every database
 * after that is restored from the backup ({@code createFrom}), about a tenth of the cost. The store still runs its
 * migrations on each copy, which find nothing to do: a copy is exactly what a fresh store would be.
 */
public final class FreshDerby {

    private static Path template;

    private FreshDerby() {
    }

    /** A new, empty in-memory database of its own with the current schema. */
    public static EmbeddedDataSource dataSource() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setConnectionAttributes("createFrom=" + template());
        return dataSource;
    }

    /** A store over a {@link #dataSource()}: no user, no row. */
    public static HavenStore store() {
        return new HavenStore(dataSource());
    }

    private static synchronized Path template() {
        if (template == null) {
            template = migratedBackup();
        }
        return template;
    }

    private static Path migratedBackup() {
        try {
            Path folder = Files.createTempDirectory("haven-derby-template");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
            String name = "template-" + UUID.randomUUID();
            EmbeddedDataSource source = new EmbeddedDataSource();
            source.setDatabaseName("memory:" + name);
            source.setCreateDatabase("create");
            new HavenStore(source);
            try (Connection connection = source.getConnection();
                 CallableStatement backup = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                backup.setString(1, folder.toString());
                backup.execute();
            }
            dropQuietly(name);
            // The backup is a folder named like the database, inside the one given.
            return folder.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot back up the migrated template database", e);
        }
    }

    private static void dropQuietly(String name) {
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName("memory:" + name);
        drop.setConnectionAttributes("drop=true");
        try {
            drop.getConnection().close();
        } catch (SQLException expected) {
            // Derby answers a successful drop with an exception (SQLState 08006).
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
