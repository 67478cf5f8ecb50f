package io.haven.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store on embedded Derby, the default database. */
class DerbyStoreTest extends HavenStoreTest {

    @TempDir
    static Path templates;
    private static Path template;

    /** Migrates one database and backs it up; each test's database is restored from the backup (createFrom). */
    @BeforeAll
    static void migrateTemplate() throws SQLException {
        String name = "template-" + UUID.randomUUID();
        EmbeddedDataSource source = new EmbeddedDataSource();
        source.setDatabaseName("memory:" + name);
        source.setCreateDatabase("create");
        new HavenStore(source);
        try (Connection connection = source.getConnection();
             CallableStatement backup = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
            backup.setString(1, templates.toString());
            backup.execute();
        }
        // The backup is a folder named like the database, inside the one given.
        template = templates.resolve(name);
        if (!Files.isDirectory(template)) {
            throw new IllegalStateException("Derby wrote no backup at " + template);
        }
    }

    @Override
    DataSource freshDataSource() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    @Override
    DataSource migratedDataSource() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setConnectionAttributes("createFrom=" + template);
        return dataSource;
    }
}
