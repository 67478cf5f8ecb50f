package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: "An API key cannot create keys with more rights than it has, and never outlives its user." A key carries
 * the rights of whoever made it; a key made with a key has at most its rights and expiry, and dies with it.
 */
class ApiKeyRightsTest {

    private static final String PASSWORD = "Correct-Horse-9";
    private static final String ADDRESS = "203.0.113.9";

    private final HavenStore store = TestStores.empty();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
    private final UserServiceImpl users = new UserServiceImpl(store, local, clock, Duration.ofSeconds(60),
            TestCiphers.temporary());
    private Caller root;
    private UserProfile alice;
    private Caller asAlice;

    @BeforeEach
    void users() {
        users.addAuthenticator(local);
        users.createRootOnFirstStart(PASSWORD, null);
        root = Caller.of(users.byUsername("root").orElseThrow());
        alice = users.createUser(root, new UserDraft("alice", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
        asAlice = Caller.of(users.byUsername("alice").orElseThrow());
    }

    @Test
    void aKeyMadeByAViewOnlyDelegateActsAsThatDelegateNeverAsItsPrincipal() {
        Delegate viewer = users.createDelegate(asAlice, alice.id(), delegate("alice-viewer", null));
        Caller signedIn = new Caller(users.byUsername("alice-viewer").orElseThrow(), ADDRESS, "rest");

        NewApiKey key = users.createApiKey(signedIn, new ApiKeyDraft("ci", null, null));
        assertThat(users.apiKeys(signedIn)).extracting(k -> k.id()).containsExactly(key.info().id());
        assertThat(users.apiKeys(asAlice)).as("the key is the delegate's, not alice's").isEmpty();

        Caller withKey = users.signInWithApiKey(key.key(), ADDRESS).orElseThrow().caller(ADDRESS, "rest");
        assertThat(withKey.user().id()).as("in alice's world").isEqualTo(alice.id());
        assertThat(withKey.delegate().id()).as("as the delegate").isEqualTo(viewer.id());
        for (Change change : new Change[] {Change.ACCOUNTS, Change.BACKUPS, Change.RECOVERY, Change.NOTIFICATIONS,
                Change.SETTINGS, Change.USERS}) {
            assertThatThrownBy(() -> Worlds.requireAllowed(withKey, change)).as(change.name())
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("alice-viewer");
        }
        assertThatThrownBy(() -> users.createDelegate(withKey, alice.id(), delegate("sneaky",
                new DelegatePermissions(true, true, true)))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.createUser(withKey, new UserDraft("bob", null, PASSWORD.toCharArray(),
                UserType.MANAGED, alice.id()))).isInstanceOf(ForbiddenException.class);

        // A key made with the delegate's key is the delegate's too, with the same (view-only) rights.
        NewApiKey second = users.createApiKey(withKey, new ApiKeyDraft("ci-2", null, null));
        Caller withSecond = users.signInWithApiKey(second.key(), ADDRESS).orElseThrow().caller(ADDRESS, "rest");
        assertThat(withSecond.delegate().id()).isEqualTo(viewer.id());
        assertThatThrownBy(() -> Worlds.requireAllowed(withSecond, Change.BACKUPS)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void deletingADelegateRevokesItsKeysAndDeletingAUserRevokesItsOwnAndItsDelegates() {
        Delegate deputy = users.createDelegate(asAlice, alice.id(), delegate("alice-deputy",
                new DelegatePermissions(true, true, true)));
        Caller asDeputy = Caller.of(users.byUsername("alice-deputy").orElseThrow());
        String deputysKey = users.createApiKey(asDeputy, new ApiKeyDraft("ci", null, null)).key();
        users.createDelegate(asAlice, alice.id(), delegate("alice-viewer", null));
        String viewersKey = users.createApiKey(Caller.of(users.byUsername("alice-viewer").orElseThrow()),
                new ApiKeyDraft("ci", null, null)).key();
        String alicesKey = users.createApiKey(asAlice, new ApiKeyDraft("ci", null, null)).key();
        assertThat(users.signInWithApiKey(deputysKey, ADDRESS)).isPresent();

        users.deleteDelegate(asAlice, deputy.id());
        assertThat(users.signInWithApiKey(deputysKey, ADDRESS)).as("dies with its delegate").isEmpty();
        assertThat(users.signInWithApiKey(viewersKey, ADDRESS)).as("another delegate's key lives").isPresent();

        users.deleteUser(root, alice.id());
        assertThat(users.signInWithApiKey(alicesKey, ADDRESS)).as("dies with its user").isEmpty();
        assertThat(users.signInWithApiKey(viewersKey, ADDRESS)).as("and with its user's delegates").isEmpty();
    }

    @Test
    void aKeyMadeWithAnExpiringKeyExpiresNoLaterThanIt() {
        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));
        NewApiKey parent = users.createApiKey(asAlice, new ApiKeyDraft("ci", tomorrow, null));
        Caller withParent = signIn(parent);

        assertThat(users.createApiKey(withParent, new ApiKeyDraft("inherits", null, null)).info().expires())
                .as("no expiry asked: the creating key's").isEqualTo(tomorrow);
        assertThat(users.createApiKey(withParent, new ApiKeyDraft("sooner", tomorrow.minusSeconds(60), null))
                .info().expires()).isEqualTo(tomorrow.minusSeconds(60));
        int before = users.apiKeys(asAlice).size();
        assertThatThrownBy(() -> users.createApiKey(withParent, new ApiKeyDraft("later", tomorrow.plusSeconds(1), null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("expires");
        assertThat(users.apiKeys(asAlice)).as("nothing created").hasSize(before);

        // Without a key (a password, a session) any future expiry, or none, is fine.
        assertThat(users.createApiKey(asAlice, new ApiKeyDraft("forever", null, null)).info().expires()).isNull();
    }

    @Test
    void aReadOnlyKeyChangesNothingAndMakesOnlyReadOnlyKeys() {
        NewApiKey readOnly = users.createApiKey(asAlice, new ApiKeyDraft("monitoring", null, true));
        assertThat(readOnly.info().readOnly()).isTrue();
        Caller withKey = signIn(readOnly);
        assertThat(withKey.readOnly()).isTrue();
        assertThat(withKey.delegate()).isNull();

        for (Change change : Change.values()) {
            assertThatThrownBy(() -> Worlds.requireAllowed(withKey, change)).as(change.name())
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("read-only");
        }
        assertThatThrownBy(() -> users.createUser(withKey, new UserDraft("bob", null, PASSWORD.toCharArray(),
                UserType.MANAGED, alice.id()))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.createDelegate(withKey, alice.id(), delegate("alice-viewer", null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.changePassword(withKey, PASSWORD.toCharArray(), "Another-Horse-10".toCharArray()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(local.matches(alice.id(), PASSWORD.toCharArray())).isTrue();
        assertThatThrownBy(() -> users.startSecondFactor(withKey)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.revokeApiKey(withKey, readOnly.info().id())).isInstanceOf(ForbiddenException.class);
        assertThat(users.signInWithApiKey(readOnly.key(), ADDRESS)).isPresent();

        int before = users.apiKeys(asAlice).size();
        assertThatThrownBy(() -> users.createApiKey(withKey, new ApiKeyDraft("full", null, false)))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("readOnly");
        assertThat(users.apiKeys(asAlice)).as("nothing created").hasSize(before);
        NewApiKey child = users.createApiKey(withKey, new ApiKeyDraft("child", null, null));
        assertThat(child.info().readOnly()).as("inherits read-only").isTrue();
        assertThat(signIn(child).readOnly()).isTrue();
        assertThat(users.user(withKey, alice.id()).username()).as("reads").isEqualTo("alice");
    }

    @Test
    void revokingAKeyRevokesTheKeysMadeWithIt() {
        NewApiKey parent = users.createApiKey(asAlice, new ApiKeyDraft("ci", null, null));
        NewApiKey child = users.createApiKey(signIn(parent), new ApiKeyDraft("child", null, null));
        NewApiKey grandchild = users.createApiKey(signIn(child), new ApiKeyDraft("grandchild", null, true));
        NewApiKey other = users.createApiKey(asAlice, new ApiKeyDraft("other", null, null));
        assertThat(child.info().readOnly()).as("a full key makes full keys").isFalse();

        users.revokeApiKey(asAlice, parent.info().id());
        assertThat(users.signInWithApiKey(child.key(), ADDRESS)).isEmpty();
        assertThat(users.signInWithApiKey(grandchild.key(), ADDRESS)).isEmpty();
        assertThat(users.signInWithApiKey(other.key(), ADDRESS)).isPresent();
    }

    @Test
    void aKeyMadeWithAFullKeyMayBeReadOnlyAndSecretsStayOutOfItsDescription() {
        NewApiKey full = users.createApiKey(asAlice, new ApiKeyDraft("ci", null, null));
        NewApiKey readOnly = users.createApiKey(signIn(full), new ApiKeyDraft("dashboards", null, true));
        assertThat(readOnly.info().readOnly()).isTrue();
        ApiKeySignIn proved = users.signInWithApiKey(readOnly.key(), ADDRESS).orElseThrow();
        assertThat(proved.toString()).doesNotContain(readOnly.key());
        assertThat(readOnly.toString()).doesNotContain(readOnly.key());
        assertThatThrownBy(() -> users.createApiKey(asAlice, new ApiKeyDraft(" ", null, null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
    }

    private Caller signIn(NewApiKey key) {
        return users.signInWithApiKey(key.key(), ADDRESS).orElseThrow().caller(ADDRESS, "rest");
    }

    private static DelegateDraft delegate(String name, DelegatePermissions permissions) {
        return new DelegateDraft(name, null, PASSWORD.toCharArray(), permissions);
    }
}
