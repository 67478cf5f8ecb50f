package io.haven.testing.moto;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that shares one moto server per test JVM and resets it before each
 * top-level test class.
 *
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class SnapshotTest {
 *     @Test void works(MotoServer moto) { ... moto.endpoint() ... }
 * }
 * }</pre>
 *
 * Tests can also read {@link #endpoint()} statically once the extension ran. The server is kept
 * in the root context's store and stops when the test run ends.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);
    private static final String KEY = "server";
    private static volatile MotoServer shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = server(context);
        // Nested classes share their enclosing class's state; only a top-level class starts clean.
        if (context.getParent().equals(Optional.of(context.getRoot()))) {
            server.reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The running server's endpoint, {@code http://127.0.0.1:PORT}. */
    public static String endpoint() {
        return server().endpoint();
    }

    /** The running server; fails when no test class has used the extension yet. */
    public static MotoServer server() {
        MotoServer server = shared;
        if (server == null) {
            throw new IllegalStateException("moto is not running: register @ExtendWith(MotoExtension.class) on the test class");
        }
        return server;
    }

    private static MotoServer server(ExtensionContext context) {
        SharedServer holder = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> new SharedServer(new MotoServer().start()), SharedServer.class);
        shared = holder.server;
        return holder.server;
    }

    /** Stops the server when JUnit closes the root store at the end of the run. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit < 5.13; AutoCloseable for newer ones
    private static final class SharedServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final MotoServer server;

        SharedServer(MotoServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            shared = null;
            server.stop();
        }
    }
}
