package io.haven.itests;

import io.haven.testing.moto.MotoServer;

/**
 * The moto emulator of the test driver's JVM: started on first use, stopped by its shutdown hook when
 * the JVM (one per test class) ends.
 */
final class DriverMoto {

    private static MotoServer server;

    private DriverMoto() {
    }

    static synchronized MotoServer get() {
        if (server == null) {
            server = new MotoServer().start();
        }
        return server;
    }
}
