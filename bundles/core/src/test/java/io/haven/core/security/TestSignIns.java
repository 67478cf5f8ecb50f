package io.haven.core.security;

import io.haven.api.auth.SignInListener;
import io.haven.api.service.AuditService;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;

/** Users and sessions as DS wires them, for tests outside this package: root's password is {@link #ROOT_PASSWORD}. */
public final class TestSignIns {

    public static final String ROOT_PASSWORD = "Correct-Horse-9-battery";

    private TestSignIns() {
    }

    public static UserServiceImpl users(HavenStore store, Clock clock, SignInListener listener) {
        LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
        UserServiceImpl users = new UserServiceImpl(store, local, clock, Duration.ofSeconds(60), TestCiphers.temporary());
        users.addAuthenticator(local);
        users.addListener(listener);
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        return users;
    }

    /** A cipher with a key file of its own. */
    public static SecretCipher cipher() {
        return TestCiphers.temporary();
    }

    public static SessionServiceImpl sessions(UserServiceImpl users, AuditService audit, Clock clock) {
        OpenSessions table = new OpenSessions();
        users.addCredentialsListener(table);
        return new SessionServiceImpl(users, table, audit, clock);
    }
}
