package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Caller;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.User;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resource limits are set by root on users (guide 16.2) and shown to the user itself, which cannot change them. */
class UserLimitsTest {

    private static final String PASSWORD = "Long-enough-pass-1";
    private static final ResourceLimits SOME = new ResourceLimits(2L, 10L, 1500L, null, 0L, 40L);

    private final HavenStore store = TestStores.fresh();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
    private final UserServiceImpl users = new UserServiceImpl(store, local, clock, Duration.ofSeconds(60), TestCiphers.temporary());

    @BeforeEach
    void setUp() {
        users.addAuthenticator(local);
    }

    @Test
    void rootSetsLimitsWhenCreatingAUserAndTheUserSeesThemInItsProfile() {
        UserProfile created = users.createUser(TestStores.ROOT, draft("ann", UserType.INDEPENDENT, SOME));

        assertThat(created.limits()).isEqualTo(SOME);
        assertThat(users.user(TestStores.ROOT, created.id()).limits()).isEqualTo(SOME);
        assertThat(users.user(as(created), created.id()).limits()).isEqualTo(SOME);
        assertThat(users.users(TestStores.ROOT)).filteredOn(u -> u.id() == created.id())
                .singleElement().satisfies(u -> assertThat(u.limits()).isEqualTo(SOME));
    }

    @Test
    void noLimitsIsTheDefault() {
        UserProfile created = users.createUser(TestStores.ROOT, new UserDraft("bob", null, PASSWORD.toCharArray(),
                UserType.INDEPENDENT, null));

        assertThat(created.limits()).isEqualTo(ResourceLimits.UNLIMITED);
        assertThat(created.limits().unlimited()).isTrue();
    }

    @Test
    void anUpdateWithoutLimitsKeepsThemAndOneWithLimitsReplacesThemWhole() {
        long id = users.createUser(TestStores.ROOT, draft("cy", UserType.INDEPENDENT, SOME)).id();

        assertThat(users.updateUser(TestStores.ROOT, id, new UserChange("cy@example.com", null, null)).limits())
                .isEqualTo(SOME);
        ResourceLimits fewer = new ResourceLimits(null, 1L, null, null, null, null);
        assertThat(users.updateUser(TestStores.ROOT, id, new UserChange(null, null, null, fewer)).limits())
                .isEqualTo(fewer);
        assertThat(store.users().limits(id)).isEqualTo(fewer);
        assertThat(users.updateUser(TestStores.ROOT, id, new UserChange(null, null, null, ResourceLimits.UNLIMITED))
                .limits()).isEqualTo(ResourceLimits.UNLIMITED);
    }

    @Test
    void aLimitIsEmptyOrAWholeNumberFromZeroAndTheRefusalNamesIt() {
        assertThatThrownBy(() -> users.createUser(TestStores.ROOT, draft("dee", UserType.INDEPENDENT,
                new ResourceLimits(null, null, -1L, null, null, null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxEbsGiB"))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> users.createUser(TestStores.ROOT, draft("dee", UserType.INDEPENDENT,
                new ResourceLimits(null, null, null, null, null, 1_000_000_001L))))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("limits.maxDynamoDbGiB"));
        assertThat(store.users().byUsername("dee")).isEmpty();

        long id = users.createUser(TestStores.ROOT, draft("dee", UserType.INDEPENDENT, SOME)).id();
        assertThatThrownBy(() -> users.updateUser(TestStores.ROOT, id, new UserChange(null, null, null,
                new ResourceLimits(-5L, null, null, null, null, null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limits.maxAccounts"));
        assertThat(store.users().limits(id)).isEqualTo(SOME);
    }

    @Test
    void onlyRootSetsLimitsAndNoUserChangesItsOwn() {
        UserProfile manager = users.createUser(TestStores.ROOT, draft("eve", UserType.INDEPENDENT, null));
        Caller eve = as(manager);

        assertThatThrownBy(() -> users.createUser(eve, draft("fay", UserType.MANAGED, SOME)))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("Only root sets resource limits");
        UserProfile fay = users.createUser(eve, draft("fay", UserType.MANAGED, null));
        assertThatThrownBy(() -> users.updateUser(eve, fay.id(), new UserChange(null, null, null, SOME)))
                .isInstanceOf(ForbiddenException.class);
        // the manager may still change what it may change; the limits stay as root set them
        assertThat(users.updateUser(eve, fay.id(), new UserChange("fay@example.com", null, null)).limits())
                .isEqualTo(ResourceLimits.UNLIMITED);

        UserProfile limited = users.createUser(TestStores.ROOT, draft("gus", UserType.MANAGED, SOME));
        assertThat(limited.managerId()).isEqualTo(TestStores.ROOT.user().id());
        assertThatThrownBy(() -> users.updateUser(as(limited), limited.id(), new UserChange(null, null, null,
                ResourceLimits.UNLIMITED))).isInstanceOf(ForbiddenException.class);
        assertThat(store.users().limits(limited.id())).isEqualTo(SOME);
    }

    private static UserDraft draft(String name, UserType type, ResourceLimits limits) {
        return new UserDraft(name, null, PASSWORD.toCharArray(), type, null, limits);
    }

    private static Caller as(UserProfile profile) {
        return Caller.of(new User(profile.id(), profile.username(), profile.type(), profile.managerId()));
    }
}
