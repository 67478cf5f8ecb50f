package io.haven.itests;

import io.haven.testing.postgres.PostgresServer;

/**
 * A throwaway PostgreSQL server in the test driver's JVM, with an empty database {@code haven}: started
 * on first use, stopped by a shutdown hook when the JVM (one per test class) ends.
 */
final class DriverPostgres {

    static final String DATABASE = "haven";

    private static PostgresServer server;

    private DriverPostgres() {
    }

    static synchronized PostgresServer get() {
        if (server == null) {
            PostgresServer started = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-test-postgres"));
            started.createDatabase(DATABASE);
            server = started;
        }
        return server;
    }
}
