package io.haven.core.access;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.User;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Artifact;
import io.haven.core.TestStores;
import io.haven.core.backup.BackupServiceImpl;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.core.schedule.ScheduleServiceImpl;
import io.haven.core.security.LocalPasswordAuthenticator;
import io.haven.core.security.PasswordHasher;
import io.haven.core.security.PasswordRules;
import io.haven.core.security.BreachedPasswords;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who sees and does what, through the real services over a real store. */
class WorldsTest {

    private static final char[] PASSWORD = "a long enough password 1".toCharArray();

    private final HavenStore store = TestStores.fresh();
    private final UserManagement users = new UserManagement(store,
            new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1)),
            new PasswordRules(BreachedPasswords.load()), () -> { });
    private final ScheduleServiceImpl schedules = new ScheduleServiceImpl(store, () -> { }, ZoneOffset.UTC,
            Clock.systemUTC());
    private final PolicyServiceImpl policies = new PolicyServiceImpl(store, new TargetTypeRegistry(),
            (account, region) -> TestStores.context(region), null, () -> { }, null);
    private final BackupServiceImpl backups = new BackupServiceImpl(store, null);

    private final Caller bob = caller(users.create(ROOT, new UserDraft("bob", "bob@example.com", PASSWORD,
            UserType.INDEPENDENT, null)));
    private final Caller carol = caller(users.create(bob, new UserDraft("carol", null, PASSWORD, UserType.MANAGED, null)));
    private final Caller dave = caller(users.create(ROOT, new UserDraft("dave", null, PASSWORD, UserType.INDEPENDENT,
            null)));

    @Test
    void eachWorldIsSeenByItsOwnerAndItsManagerOnly() {
        long carolsSchedule = schedules.create(carol, schedule("carol-nightly")).id();
        long carolsPolicy = policies.create(carol, policy("carol-web", account(carol), carolsSchedule)).id();
        long bobsPolicy = policies.create(bob, policy("bob-web", account(bob))).id();
        long rootsPolicy = policies.create(ROOT, policy("root-web", account(ROOT))).id();
        long carolsBackup = store.backups().start(carolsPolicy, 1, "carol-web", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();

        assertThat(names(carol)).containsExactly("carol-web");
        assertThat(names(bob)).containsExactlyInAnyOrder("bob-web", "carol-web");
        assertThat(names(dave)).isEmpty();
        assertThat(names(ROOT)).as("root sees its world, not independent users'").containsExactly("root-web");
        assertThat(backups.list(bob, query()).items()).hasSize(1);
        assertThat(backups.list(dave, query()).items()).isEmpty();
        assertThat(schedules.get(bob, carolsSchedule).spec().name()).isEqualTo("carol-nightly");

        for (Caller outsider : List.of(dave, ROOT)) {
            assertThatThrownBy(() -> policies.get(outsider, carolsPolicy)).isInstanceOf(NotFoundException.class)
                    .hasMessage("Policy " + carolsPolicy + " does not exist");
            assertThatThrownBy(() -> policies.find(outsider, "carol-web")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> backups.get(outsider, carolsBackup)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> schedules.delete(outsider, carolsSchedule)).isInstanceOf(NotFoundException.class);
        }
        assertThatThrownBy(() -> policies.get(carol, bobsPolicy)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> policies.get(bob, rootsPolicy)).isInstanceOf(NotFoundException.class);
        assertThat(policies.get(bob, carolsPolicy).spec().name()).as("a manager acts for its managed users")
                .isEqualTo("carol-web");
    }

    @Test
    void objectsOfAnotherWorldAreRefusedByFieldAsIfTheyDidNotExist() {
        long davesSchedule = schedules.create(dave, schedule("dave-nightly")).id();
        long davesAccount = account(dave);

        assertThatThrownBy(() -> policies.create(bob, policy("bob-web", davesAccount)))
                .isInstanceOf(ValidationException.class).hasMessage("Account " + davesAccount + " does not exist")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("accountId");
        assertThatThrownBy(() -> policies.create(bob, policy("bob-web", account(bob), davesSchedule)))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("scheduleIds[0]");
        assertThat(store.policies().list()).isEmpty();
    }

    @Test
    void rootManagesEveryUserAnIndependentUserItsManagedUsersAndAManagedUserNobody() {
        assertThat(users.users(ROOT)).extracting(UserProfile::username).containsExactly("root", "bob", "carol", "dave");
        assertThat(users.users(bob)).extracting(UserProfile::username).containsExactly("bob", "carol");
        assertThatThrownBy(() -> users.users(carol)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.create(carol, new UserDraft("eve", null, PASSWORD, UserType.MANAGED, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.create(bob, new UserDraft("eve", null, PASSWORD, UserType.INDEPENDENT, null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> users.create(bob, new UserDraft("eve", null, PASSWORD, UserType.MANAGED,
                dave.user().id()))).isInstanceOf(ValidationException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> users.user(bob, dave.user().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.delete(dave, carol.user().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.delete(ROOT, ROOT.user().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users.create(ROOT, new UserDraft("bob", null, PASSWORD, UserType.INDEPENDENT, null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.create(ROOT, new UserDraft("frank", null, "password".toCharArray(),
                UserType.INDEPENDENT, null))).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("password");
        assertThatThrownBy(() -> users.create(ROOT, new UserDraft("..", null, PASSWORD, UserType.INDEPENDENT, null)))
                .as("a user name is also a scripts folder").isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("username");
        assertThat(users.update(bob, carol.user().id(), new UserChange("carol@example.com", null, null)).email())
                .isEqualTo("carol@example.com");
        assertThatThrownBy(() -> users.update(bob, carol.user().id(), new UserChange(null, UserType.INDEPENDENT, null)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void deletingAUserRemovesItsWorldAndNamesWhatIsLeftInAws() {
        long carolsPolicy = policies.create(carol, policy("carol-web", account(carol))).id();
        long backup = store.backups().start(carolsPolicy, 1, "carol-web", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        store.backups().addArtifact(backup, "fake", new Artifact("snapshot", "snap-1", "us-east-1", "vol-1", Map.of()),
                Instant.now());

        assertThatThrownBy(() -> users.delete(ROOT, bob.user().id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("still manages users");
        assertThatThrownBy(() -> users.delete(bob, carol.user().id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("in progress");
        store.backups().finish(backup, io.haven.api.model.BackupStatus.SUCCESSFUL, null, Instant.now());

        var deleted = users.delete(bob, carol.user().id());

        assertThat(deleted.policies()).isEqualTo(1);
        assertThat(deleted.accounts()).isEqualTo(1);
        assertThat(deleted.backups()).isEqualTo(1);
        assertThat(deleted.artifactsLeftTotal()).isEqualTo(1);
        assertThat(deleted.artifactsLeft().get(0).awsId()).isEqualTo("snap-1");
        assertThat(store.users().byUsername("carol")).isEmpty();
        assertThat(store.policies().get(carolsPolicy)).isEmpty();
    }

    private List<String> names(Caller caller) {
        return policies.list(caller).stream().map(p -> p.spec().name()).toList();
    }

    private long account(Caller owner) {
        return store.accounts().insert(owner.user().id(), new io.haven.api.model.Account(0,
                "acc-" + owner.user().username(), io.haven.api.model.AuthMethod.INSTANCE_ROLE, "123456789012", null, null,
                null, null, null, null, Instant.now()), null).id();
    }

    private static Caller caller(UserProfile user) {
        return Caller.of(new User(user.id(), user.username(), user.type(), user.managerId()));
    }

    private static ScheduleSpec schedule(String name) {
        return new ScheduleSpec(name, null, 1, Frequency.DAYS, Instant.parse("2026-01-01T00:00:00Z"), null, Set.of(),
                List.of());
    }

    private static PolicySpec policy(String name, long accountId, Long... schedules) {
        return new PolicySpec(name, accountId, null, true, 3, List.of(schedules), 0, 0);
    }

    private static BackupQuery query() {
        return new BackupQuery(null, null, null, true, 0, 50, null, null);
    }
}
