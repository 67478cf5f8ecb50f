package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.SignInFailure;
import io.haven.api.auth.SignInFailure.Reason;
import io.haven.api.model.NewApiKey;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class UserServiceImplTest {

    private static final SecretCipher CIPHER = TestCiphers.temporary();

    private static final String ROOT_PASSWORD = "Configured-Pass-1";

    private final HavenStore store = TestStores.empty();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    /** Cheap parameters: these tests count hashes, they do not time them. */
    private final PasswordHasher hasher = new PasswordHasher(64, 1, 1);
    private final LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, hasher);
    private final List<SignInFailure> failures = new ArrayList<>();
    private final UserServiceImpl users = newService(local, Duration.ofSeconds(60));

    private UserServiceImpl newService(LocalPasswordAuthenticator authenticator, Duration cacheLifetime) {
        UserServiceImpl service = new UserServiceImpl(store, authenticator, clock, cacheLifetime, CIPHER);
        service.addAuthenticator(authenticator);
        service.addListener(failures::add);
        return service;
    }

    @Test
    void rootIsCreatedOnceWithTheConfiguredPasswordStoredAsAnArgon2idHash() {
        users.createRootOnFirstStart(ROOT_PASSWORD, "from-env");
        users.createRootOnFirstStart("another", null);

        assertThat(store.users().count()).isEqualTo(1);
        String hash = store.users().byUsername("root").orElseThrow().passwordHash();
        assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain(ROOT_PASSWORD);
        assertThat(users.authenticate("root", ROOT_PASSWORD.toCharArray())).isPresent();
        assertThat(users.authenticate("root", "from-env".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", ROOT_PASSWORD.toCharArray())).isEmpty();
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
    void aBcryptHashOfAnEarlierVersionStillWorksAndIsReplacedByArgon2id() {
        long id = store.users().insert("root", OpenBSDBCrypt.generate("Old-Bcrypt-Pass".toCharArray(), new byte[16], 4), true);

        assertThat(users.signIn("root", "Old-Bcrypt-Pass".toCharArray(), "10.0.0.1", "rest")).isPresent();

        String upgraded = store.users().byId(id).orElseThrow().passwordHash();
        assertThat(upgraded).startsWith("$argon2id$");
        assertThat(newService(local, Duration.ZERO).signIn("root", "Old-Bcrypt-Pass".toCharArray(), "10.0.0.1", "rest"))
                .isPresent();
    }

    @Test
    void basicSignInCostsOneSlowHashPerCacheLifetimeAndAPasswordChangeForgetsIt() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        long before = hasher.slowHashes();

        for (int i = 0; i < 50; i++) {
            assertThat(users.signIn("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1", "rest")).isPresent();
        }
        assertThat(hasher.slowHashes() - before).as("one verification for 50 requests").isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        users.signIn("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1", "rest");
        assertThat(hasher.slowHashes() - before).as("verified again after the lifetime").isEqualTo(2);

        users.signIn("root", "wrong-password-1".toCharArray(), "10.0.0.1", "rest");
        users.signIn("root", "wrong-password-1".toCharArray(), "10.0.0.1", "rest");
        assertThat(hasher.slowHashes() - before).as("failures are never remembered").isEqualTo(4);

        long root = store.users().byUsername("root").orElseThrow().user().id();
        users.changePassword(root, ROOT_PASSWORD.toCharArray(), "a-new-long-passphrase".toCharArray());
        assertThat(users.rememberedSignIns()).isZero();
        assertThat(users.signIn("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1", "rest"))
                .as("the old password stops working at once").isEmpty();
    }

    @Test
    void anUnknownUserCostsTheSameHashWithTheSameParametersAsAKnownOne() {
        LocalPasswordAuthenticator standard = new LocalPasswordAuthenticator(store, PasswordHasher.STANDARD);
        UserServiceImpl service = newService(standard, Duration.ofSeconds(60));
        service.createRootOnFirstStart(ROOT_PASSWORD, null);
        String rootHash = store.users().byUsername("root").orElseThrow().passwordHash();
        assertThat(PasswordHasher.parametersOf(standard.dummyHash())).isEqualTo(PasswordHasher.parametersOf(rootHash))
                .isEqualTo("m=19456,t=2,p=1");

        long start = PasswordHasher.STANDARD.slowHashes();
        service.signIn("root", "wrong-password-1".toCharArray(), "10.0.0.1", "rest");
        long known = PasswordHasher.STANDARD.slowHashes() - start;
        service.signIn("nobody", "wrong-password-1".toCharArray(), "10.0.0.2", "rest");
        long unknown = PasswordHasher.STANDARD.slowHashes() - start - known;
        assertThat(known).isEqualTo(1);
        assertThat(unknown).isEqualTo(known);
    }

    @Test
    void twoHundredWrongPasswordsAreThrottledWithoutLockingTheUserOutForGood() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        int rejected = 0;
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            try {
                assertThat(users.signIn("root", ("guess-number-" + i).toCharArray(), "203.0.113.9", "rest")).isEmpty();
                rejected++;
            } catch (TooManySignInsException e) {
                throttled++;
            }
        }
        assertThat(rejected).as("checked before the first wait").isEqualTo(SignInThrottle.FREE_FAILURES + 1);
        assertThat(throttled).isEqualTo(200 - rejected);

        TooManySignInsException wait = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> users.signIn("root", ROOT_PASSWORD.toCharArray(), "198.51.100.1", "rest"), TooManySignInsException.class);
        assertThat(wait).as("the right password waits too, from anywhere").isNotNull();
        assertThat(wait.retryAfterSeconds()).isBetween(1L, 60L);

        clock.advance(Duration.ofSeconds(wait.retryAfterSeconds()));
        assertThat(users.signIn("root", ROOT_PASSWORD.toCharArray(), "198.51.100.1", "rest")).isPresent();
        assertThat(failures).extracting(SignInFailure::reason).contains(Reason.REJECTED, Reason.THROTTLED);
    }

    @Test
    void aGuesserWhoWaitsEachTimeGetsFewerThanAHundredTriesAnHour() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        Instant start = clock.instant();
        int rejected = 0;
        while (clock.instant().isBefore(start.plus(Duration.ofHours(1)))) {
            try {
                users.signIn("root", "another-guess-1".toCharArray(), "203.0.113.9", "rest");
                rejected++;
            } catch (TooManySignInsException e) {
                clock.advance(Duration.ofSeconds(e.retryAfterSeconds()));
            }
        }
        assertThat(rejected).isGreaterThan(SignInThrottle.FREE_FAILURES).isLessThanOrEqualTo(100);
    }

    @Test
    void oneAddressGuessingManyUsersIsThrottledButOthersAreNot() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            users.signIn("user" + i, "some-password-1".toCharArray(), "203.0.113.9", "rest");
        }
        assertThatThrownBy(() -> users.signIn("someone-new", "some-password-1".toCharArray(), "203.0.113.9", "rest"))
                .isInstanceOf(TooManySignInsException.class);
        assertThat(users.signIn("root", ROOT_PASSWORD.toCharArray(), "198.51.100.1", "shell")).isPresent();
    }

    @Test
    void everyFailureIsAnEventWithoutThePassword() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        users.signIn("root", "not-the-password".toCharArray(), "192.0.2.7", "shell");

        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.username()).isEqualTo("root");
            assertThat(failure.address()).isEqualTo("192.0.2.7");
            assertThat(failure.channel()).isEqualTo("shell");
            assertThat(failure.reason()).isEqualTo(Reason.REJECTED);
            assertThat(failure.toString()).doesNotContain("not-the-password");
        });
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndANewOneThatFollowsTheRules() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        long root = store.users().byUsername("root").orElseThrow().user().id();

        assertThatThrownBy(() -> users.changePassword(root, "wrong-current".toCharArray(), "a-new-long-passphrase".toCharArray()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("currentPassword");
        assertThatThrownBy(() -> users.changePassword(root, ROOT_PASSWORD.toCharArray(), "short-pass".toCharArray()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("newPassword");
        assertThatThrownBy(() -> users.changePassword(root, ROOT_PASSWORD.toCharArray(), "1qaz2wsx3edc".toCharArray()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("breached");
        assertThat(users.authenticate("root", ROOT_PASSWORD.toCharArray())).as("nothing changed").isPresent();

        users.changePassword(root, ROOT_PASSWORD.toCharArray(), "correct horse battery".toCharArray());
        assertThat(users.authenticate("root", "correct horse battery".toCharArray())).isPresent();
        assertThat(users.authenticate("root", ROOT_PASSWORD.toCharArray())).isEmpty();
    }

    @Test
    void aWrongCurrentPasswordOrCodeIsAFailedSignInFromTheCallersAddressNotAnUnknownOne() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        io.haven.api.model.Caller fromRest = new io.haven.api.model.Caller(
                store.users().byUsername("root").orElseThrow().user(), "198.51.100.7", "rest");

        assertThatThrownBy(() -> users.changePassword(fromRest, "wrong-current".toCharArray(),
                "a-new-long-passphrase".toCharArray())).isInstanceOf(ValidationException.class);
        users.startSecondFactor(fromRest);
        assertThatThrownBy(() -> users.confirmSecondFactor(fromRest, "not-a-code"))
                .isInstanceOf(ValidationException.class);

        assertThat(failures).extracting(f -> f.reason() + " " + f.username() + " from " + f.address() + " via " + f.channel())
                .containsExactly("REJECTED root from 198.51.100.7 via password-change",
                        "SECOND_FACTOR root from 198.51.100.7 via second-factor");
    }

    @Test
    void apiKeysAuthenticateTheirUserAndAreStoredHashed() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        long rootId = store.users().byUsername("root").orElseThrow().user().id();
        String key = users.createApiKey(rootId, "ci");
        assertThat(key).startsWith("hvn_");
        assertThat(users.authenticateApiKey(key)).hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("root"));
        assertThat(users.authenticateApiKey(key + "x")).isEmpty();
        long plainCopies = store.database().read(jdbc -> jdbc.count("SELECT COUNT(*) FROM api_key WHERE key_hash = ?", key));
        assertThat(plainCopies).isZero();
    }

    @Test
    void apiKeysExpireAreListedWithoutTheirValueAndCanBeRevoked() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        long rootId = store.users().byUsername("root").orElseThrow().user().id();
        NewApiKey ci = users.createApiKey(rootId, "ci", clock.instant().plus(Duration.ofDays(1)));
        NewApiKey backup = users.createApiKey(rootId, "backup-script", null);
        assertThatThrownBy(() -> users.createApiKey(rootId, "past", clock.instant()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("expires");

        assertThat(users.authenticateApiKey(ci.key())).isPresent();
        assertThat(users.apiKeys(rootId)).extracting(k -> k.name() + " used " + k.lastUsed())
                .containsExactly("ci used " + clock.instant(), "backup-script used null");
        assertThat(users.apiKeys(rootId).toString()).doesNotContain(ci.key()).doesNotContain(backup.key());

        clock.advance(Duration.ofDays(1));
        assertThat(users.authenticateApiKey(ci.key(), "192.0.2.8")).as("expired").isEmpty();
        assertThat(failures).extracting(f -> f.reason() + " " + f.username() + " from " + f.address() + " via " + f.channel())
                .containsExactly("EXPIRED root from 192.0.2.8 via api-key");

        users.revokeApiKey(rootId, backup.info().id());
        assertThat(users.authenticateApiKey(backup.key())).as("revoked").isEmpty();
        assertThatThrownBy(() -> users.revokeApiKey(rootId, backup.info().id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFailingAuthenticatorPluginDoesNotStopTheOthers() {
        users.createRootOnFirstStart(ROOT_PASSWORD, null);
        UserServiceImpl service = new UserServiceImpl(store, local, clock, Duration.ZERO, CIPHER);
        service.addAuthenticator(new io.haven.api.auth.Authenticator() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public java.util.Optional<String> authenticate(String username, char[] password) {
                throw new IllegalStateException("IdP unreachable");
            }
        });
        service.addAuthenticator(local);

        assertThat(service.signIn("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1", "rest")).isPresent();
    }
}
