package io.haven.store;

import io.haven.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The store on PostgreSQL, the production database: a throwaway server started for this class. */
class PostgresStoreTest extends HavenStoreTest {

    private static PostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final List<BasicDataSource> pools = new ArrayList<>();

    private static final String TEMPLATE = "haven_template";

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
        // Migrated once; each test's database is a copy (CREATE DATABASE ... TEMPLATE). The store keeps no
        // connection open, which PostgreSQL requires of a template.
        createDatabase(TEMPLATE, "template1");
        new HavenStore(dataSource(server.port(), TEMPLATE));
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
        createDatabase(name, "template1");
        return pooled(name);
    }

    @Override
    DataSource migratedDataSource() {
        String name = "haven_" + DATABASES.incrementAndGet();
        createDatabase(name, TEMPLATE);
        return pooled(name);
    }

    /**
     * Pooled, as Haven's PostgreSQL data source is (Commons DBCP2, decision 0050): the store takes a connection per
     * unit of work, and a new PostgreSQL session per unit made the paging tests take half a minute.
     */
    private BasicDataSource pooled(String database) {
        BasicDataSource pool = new BasicDataSource();
        pool.setUrl(server.jdbcUrl(database));
        pool.setUsername(PostgresServer.USER);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() throws SQLException {
        for (BasicDataSource pool : pools) {
            pool.close();
        }
    }

    private static void createDatabase(String name, String template) {
        try (Connection admin = dataSource(server.port(), "postgres").getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
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

    /** Nodes started together on an empty database (decision 39): each version is applied once, and every node starts. */
    @org.junit.jupiter.api.Test
    void nodesStartingTogetherMigrateTheSchemaOnce() throws Exception {
        DataSource shared = freshDataSource();
        int nodes = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(nodes);
        java.util.concurrent.ExecutorService starts = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        try {
            java.util.List<java.util.concurrent.Future<HavenStore>> started = new java.util.ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                started.add(starts.submit(() -> {
                    together.await();
                    return new HavenStore(shared);
                }));
            }
            for (java.util.concurrent.Future<HavenStore> node : started) {
                org.assertj.core.api.Assertions.assertThat(node.get(2, java.util.concurrent.TimeUnit.MINUTES)).isNotNull();
            }
        } finally {
            starts.shutdownNow();
        }
        try (Connection connection = shared.getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*), MAX(version) FROM schema_version")) {
            rows.next();
            org.assertj.core.api.Assertions.assertThat(rows.getInt(1)).as("versions applied")
                    .isEqualTo(Database.MIGRATIONS.size());
            org.assertj.core.api.Assertions.assertThat(rows.getInt(2)).as("latest version")
                    .isEqualTo(Database.version(Database.MIGRATIONS.get(Database.MIGRATIONS.size() - 1)));
        }
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
