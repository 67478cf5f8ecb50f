package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UserServiceImplTest {

    private final HavenStore store = TestStores.fresh();
    private final UserServiceImpl users = new UserServiceImpl(store);

    @Test
    void rootIsCreatedOnceWithTheConfiguredPasswordStoredAsABcryptHash() {
        users.createRootOnFirstStart("Configured-Pass-1", "from-env");
        users.createRootOnFirstStart("another", null);

        assertThat(store.users().count()).isEqualTo(1);
        String hash = store.users().byUsername("root").orElseThrow().passwordHash();
        assertThat(hash).startsWith("$2").doesNotContain("Configured-Pass-1");
        assertThat(users.authenticate("root", "Configured-Pass-1".toCharArray())).isPresent();
        assertThat(users.authenticate("root", "from-env".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", "Configured-Pass-1".toCharArray())).isEmpty();
    }

    @Test
    void theEnvironmentPasswordIsUsedWhenNoneIsConfigured() {
        users.createRootOnFirstStart("", "from-env-Pass-2");
        assertThat(users.authenticate("root", "from-env-Pass-2".toCharArray())).isPresent();
    }

    @Test
    void aGeneratedPasswordIsShownOnceOnTheConsoleAndWorks() {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            users.createRootOnFirstStart(null, null);
        } finally {
            System.setOut(original);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        String password = printed.replaceAll("(?s).*the password: (\\S+).*", "$1");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(users.authenticate("root", password.toCharArray())).isPresent();
    }

    @Test
    void apiKeysAuthenticateTheirUserAndAreStoredHashed() {
        users.createRootOnFirstStart("Configured-Pass-1", null);
        long rootId = store.users().byUsername("root").orElseThrow().user().id();
        String key = users.createApiKey(rootId, "ci");
        assertThat(key).startsWith("hvn_");
        assertThat(users.authenticateApiKey(key)).hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("root"));
        assertThat(users.authenticateApiKey(key + "x")).isEmpty();
        long plainCopies = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM api_key WHERE key_hash = ?", key));
        assertThat(plainCopies).isZero();
    }
}
