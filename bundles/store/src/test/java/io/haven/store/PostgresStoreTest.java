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

    static PGSimpleDataSource dataSource(int port, String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }
}
