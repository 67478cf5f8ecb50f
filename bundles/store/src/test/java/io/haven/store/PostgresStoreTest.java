package io.haven.store;

import io.haven.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The store on PostgreSQL, the production database: a throwaway server started for this class. */
class PostgresStoreTest extends HavenStoreTest {

    private static PostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    DataSource freshDataSource() {
        String name = "haven_" + DATABASES.incrementAndGet();
        try (Connection admin = dataSource(server.port(), "postgres").getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return dataSource(server.port(), name);
    }

    /** A Haven on Derby restored onto PostgreSQL: the export is independent of the database product. */
    @org.junit.jupiter.api.Test
    void aDerbyExportImportsIntoPostgresql() {
        org.apache.derby.jdbc.EmbeddedDataSource derby = new org.apache.derby.jdbc.EmbeddedDataSource();
        derby.setDatabaseName("memory:" + java.util.UUID.randomUUID());
        derby.setCreateDatabase("create");
        HavenStore source = new HavenStore(derby);
        source.users().insert("root", "$argon2id$hash", true);
        io.haven.api.model.Account account = source.accounts().insert(new io.haven.api.model.Account(0, "acc",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                java.time.Instant.now()), null);
        long policy = source.policies().insert(new io.haven.api.model.PolicySpec("p", account.id(), null, true, 3,
                java.util.List.of(), 3, 1));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        StoreExport.Summary exported = StoreExport.export(derby, out);

        DataSource postgres = freshDataSource();
        HavenStore target = new HavenStore(postgres);
        StoreExport.Summary imported = StoreExport.importAll(postgres, new java.io.ByteArrayInputStream(out.toByteArray()));

        org.assertj.core.api.Assertions.assertThat(imported).isEqualTo(exported);
        org.assertj.core.api.Assertions.assertThat(target.policies().get(policy).orElseThrow().spec().name()).isEqualTo("p");
        org.assertj.core.api.Assertions.assertThat(target.accounts().insert(new io.haven.api.model.Account(0, "acc2",
                io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null, null, null, null, null,
                java.time.Instant.now()), null).id()).isGreaterThan(account.id());
    }

    static PGSimpleDataSource dataSource(int port, String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }
}
