package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.User;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.core.audit.AuditServiceImpl;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delegates (guide 16.4, issue 9): their own sign-in, their principal's world, their permissions. */
class DelegatesTest {

    private static final String PASSWORD = "Correct-Horse-9";

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
    void aDelegateSignsInWithItsOwnPasswordAndActsInItsPrincipalsWorld() {
        Delegate ops = users.createDelegate(asAlice, alice.id(), draft("alice-ops", null));
        assertThat(ops.permissions()).isEqualTo(DelegatePermissions.VIEW_ONLY);

        User signedIn = users.signIn("alice-ops", PASSWORD.toCharArray(), "203.0.113.9", "rest").orElseThrow();
        Caller caller = new Caller(signedIn, "203.0.113.9", "rest");
        assertThat(caller.user().id()).as("acts in alice's world").isEqualTo(alice.id());
        assertThat(caller.delegate().username()).isEqualTo("alice-ops");
        assertThat(new Worlds(store).visibleOwners(caller)).containsExactly(alice.id());
        assertThat(new Worlds(store).ownerForNew(caller)).as("what it creates is alice's").isEqualTo(alice.id());
    }

    @Test
    void aViewOnlyDelegateIsRefusedEveryChangeNamingThePermissionAndNoDelegateChangesNotifications() {
        Caller viewer = callerOf(users.createDelegate(asAlice, alice.id(), draft("alice-viewer", null)));
        Caller deputy = callerOf(users.createDelegate(asAlice, alice.id(), draft("alice-deputy",
                new DelegatePermissions(true, true, true))));

        assertThatThrownBy(() -> Worlds.requireAllowed(viewer, Change.ACCOUNTS)).isInstanceOf(ForbiddenException.class)
                .hasMessage("Delegate 'alice-viewer' of 'alice' may not change accounts without the permission 'allow account changes'");
        assertThatThrownBy(() -> Worlds.requireAllowed(viewer, Change.BACKUPS)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> Worlds.requireAllowed(viewer, Change.RECOVERY)).isInstanceOf(ForbiddenException.class);
        for (Change change : new Change[] {Change.ACCOUNTS, Change.BACKUPS, Change.RECOVERY}) {
            Worlds.requireAllowed(deputy, change);
            Worlds.requireAllowed(asAlice, change);
        }
        assertThatThrownBy(() -> Worlds.requireAllowed(deputy, Change.NOTIFICATIONS)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("delegates never do");
        assertThatThrownBy(() -> Worlds.requireAllowed(deputy, Change.SETTINGS)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.users(deputy)).as("delegates manage no users").isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.createDelegate(deputy, alice.id(), draft("alice-more", null)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aChangedPermissionAppliesAtTheNextSignInEvenWhenThePasswordWasRemembered() {
        Delegate ops = users.createDelegate(asAlice, alice.id(), draft("alice-ops", null));
        assertThat(signIn("alice-ops").delegation().permissions().changeBackups()).isFalse();
        users.updateDelegate(root, ops.id(), new DelegatePermissions(false, false, true));
        assertThat(signIn("alice-ops").delegation().permissions().changeBackups()).isTrue();
    }

    @Test
    void onlyThePrincipalAndItsManagersSeeItsDelegatesAndBadInputNamesTheField() {
        Delegate ops = users.createDelegate(asAlice, alice.id(), draft("alice-ops", null));
        UserProfile dave = users.createUser(root, new UserDraft("dave", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
        Caller asDave = Caller.of(users.byUsername("dave").orElseThrow());

        assertThat(users.delegates(root, alice.id())).extracting(Delegate::username).containsExactly("alice-ops");
        assertThatThrownBy(() -> users.delegates(asDave, alice.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.updateDelegate(asDave, ops.id(), DelegatePermissions.VIEW_ONLY))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Delegate");
        assertThat(users.delegates(asDave, dave.id())).isEmpty();
        assertThatThrownBy(() -> users.createDelegate(asAlice, alice.id(), draft("a/b", null)))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("username");
        assertThatThrownBy(() -> users.createDelegate(asAlice, alice.id(),
                new DelegateDraft("alice-short", null, "short".toCharArray(), null)))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("password");
    }

    @Test
    void aResetOrDeletedDelegateNoLongerSignsInAndGoesWithItsPrincipal() {
        Delegate ops = users.createDelegate(asAlice, alice.id(), draft("alice-ops", null));
        signIn("alice-ops");
        users.resetDelegatePassword(asAlice, ops.id(), "Another-Horse-10".toCharArray());
        assertThat(users.signIn("alice-ops", PASSWORD.toCharArray(), "x", "rest")).as("old password").isEmpty();
        users.deleteDelegate(asAlice, ops.id());
        assertThat(users.signIn("alice-ops", "Another-Horse-10".toCharArray(), "x", "rest")).isEmpty();

        Delegate again = users.createDelegate(root, alice.id(), draft("alice-ops2", null));
        users.deleteUser(root, alice.id());
        assertThat(store.users().delegate(again.id())).isEmpty();
    }

    @Test
    void theAuditLogRecordsADelegatesOperationUnderItsPrincipalNamingTheDelegate() {
        Caller ops = callerOf(users.createDelegate(asAlice, alice.id(), draft("alice-ops", null)));
        AuditServiceImpl audit = new AuditServiceImpl(store, clock, Duration.ofDays(30));
        audit.record(ops, "POST /policies", "POST /api/v1/policies", "succeeded");
        var entry = audit.list(asAlice, new AuditQuery(null, null, null, null, 10)).items().get(0);
        assertThat(entry.userId()).isEqualTo(alice.id());
        assertThat(entry.username()).isEqualTo("alice");
        assertThat(entry.delegate()).isEqualTo("alice-ops");
    }

    private Caller callerOf(Delegate delegate) {
        return Caller.of(users.byUsername(delegate.username()).orElseThrow());
    }

    private User signIn(String username) {
        return users.signIn(username, PASSWORD.toCharArray(), "203.0.113.9", "rest").orElseThrow();
    }

    private static DelegateDraft draft(String name, DelegatePermissions permissions) {
        return new DelegateDraft(name, null, PASSWORD.toCharArray(), permissions);
    }
}
