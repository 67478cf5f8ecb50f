package io.haven.rest.testing;

import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.Delegate;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.ConflictException;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.User;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One user with one password and one API key; records the keys it creates and where sign-ins come from. */
public class FakeUserService implements UserService {

    public static final long USER_ID = 7;
    public static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private final User user;
    private String password;
    private final String apiKey;
    public final List<String> createdKeyNames = new ArrayList<>();
    public final List<ApiKey> keys = new ArrayList<>();
    /** The passwords handed to authenticate, as they looked after the call returned (wiped or not). */
    public final List<char[]> passwordsSeen = new ArrayList<>();
    public final List<String> usernamesSeen = new ArrayList<>();
    public final List<String> addressesSeen = new ArrayList<>();
    /** Copies taken during the call, before the filter wipes the array. */
    public final List<String> passwordCopies = new ArrayList<>();
    /** When set, the user has a second factor whose only right code is this one. */
    public String secondFactorCode;
    public SecondFactorState secondFactor = SecondFactorState.OFF;
    public final List<String> codesSeen = new ArrayList<>();
    /** When set, sign-ins by password are refused as throttled for this many seconds. */
    public Long throttledSeconds;

    FakeUserService(String username, String password, String apiKey) {
        this.user = new User(USER_ID, username, false);
        this.password = password;
        this.apiKey = apiKey;
    }

    @Override
    public Optional<User> authenticate(String username, char[] pass) {
        return signIn(username, pass, UNKNOWN_ADDRESS, "rest");
    }

    @Override
    public Optional<User> signIn(String username, char[] pass, String address, String channel) {
        passwordsSeen.add(pass);
        usernamesSeen.add(username);
        addressesSeen.add(address);
        passwordCopies.add(new String(pass));
        if (throttledSeconds != null) {
            throw new TooManySignInsException(throttledSeconds);
        }
        if (secondFactorCode != null && user.username().equals(username) && Arrays.equals(password.toCharArray(), pass)) {
            throw new SecondFactorRequiredException();
        }
        String given = new String(pass);
        boolean ok = user.username().equals(username) && (secondFactorCode == null
                ? password.equals(given) : given.equals(password + secondFactorCode));
        return ok ? Optional.of(user) : Optional.empty();
    }

    @Override
    public Optional<User> signIn(String username, char[] pass, String code, String address, String channel) {
        if (secondFactorCode == null) {
            return signIn(username, pass, address, channel);
        }
        codesSeen.add(code);
        boolean passwordRight = user.username().equals(username) && Arrays.equals(password.toCharArray(), pass);
        if (passwordRight && code == null) {
            throw new SecondFactorRequiredException();
        }
        return passwordRight && secondFactorCode.equals(code) ? Optional.of(user) : Optional.empty();
    }

    @Override
    public SecondFactorState secondFactor(long userId) {
        return secondFactor;
    }

    @Override
    public TotpEnrollment startSecondFactor(long userId) {
        if (secondFactor == SecondFactorState.ON) {
            throw new ConflictException("already on");
        }
        secondFactor = SecondFactorState.PENDING;
        return new TotpEnrollment("JBSWY3DPEHPK3PXP", "otpauth://totp/Haven%3Aalice?secret=JBSWY3DPEHPK3PXP");
    }

    @Override
    public void confirmSecondFactor(long userId, String code) {
        codesSeen.add(code);
        if (!"123456".equals(code)) {
            throw new ValidationException("code", "The code is not the current code of the authenticator app");
        }
        secondFactor = SecondFactorState.ON;
    }

    @Override
    public void turnOffSecondFactor(long userId, String code) {
        codesSeen.add(code);
        if (!"123456".equals(code)) {
            throw new ValidationException("code", "The code is not the current code of the authenticator app");
        }
        secondFactor = SecondFactorState.OFF;
    }

    @Override
    public void resetSecondFactor(Caller caller, long id) {
        user(caller, id);
        secondFactor = SecondFactorState.OFF;
    }

    @Override
    public Optional<User> authenticateApiKey(String key) {
        return authenticateApiKey(key, UNKNOWN_ADDRESS);
    }

    @Override
    public Optional<User> authenticateApiKey(String key, String address) {
        addressesSeen.add(address);
        return apiKey.equals(key) ? Optional.of(user) : Optional.empty();
    }

    @Override
    public Optional<User> byUsername(String username) {
        return user.username().equals(username) ? Optional.of(user) : Optional.empty();
    }

    @Override
    public void changePassword(long userId, char[] currentPassword, char[] newPassword) {
        if (!Arrays.equals(password.toCharArray(), currentPassword)) {
            throw new ValidationException("currentPassword", "The current password is not right");
        }
        if (newPassword.length < 12) {
            throw new ValidationException("newPassword", "A password needs at least 12 characters");
        }
        password = new String(newPassword);
    }

    @Override
    public String createApiKey(long userId, String name) {
        return createApiKey(userId, name, null).key();
    }

    @Override
    public NewApiKey createApiKey(long userId, String name, Instant expires) {
        if (name == null || name.isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (userId != USER_ID) {
            throw new ValidationException("userId", "User " + userId + " does not exist");
        }
        createdKeyNames.add(name);
        ApiKey info = new ApiKey(createdKeyNames.size(), name, NOW, expires, null);
        keys.add(info);
        return new NewApiKey(info, "hvn_generated-" + createdKeyNames.size());
    }

    @Override
    public List<ApiKey> apiKeys(long userId) {
        return userId == USER_ID ? List.copyOf(keys) : List.of();
    }

    @Override
    public void revokeApiKey(long userId, long keyId) {
        if (userId != USER_ID || !keys.removeIf(k -> k.id() == keyId)) {
            throw new NotFoundException("API key", keyId);
        }
    }

    /** The drafts of keys asked for through {@link #createApiKey(Caller, ApiKeyDraft)}, in order. */
    public final List<ApiKeyDraft> keyDrafts = new ArrayList<>();

    @Override
    public Optional<ApiKeySignIn> signInWithApiKey(String key, String address) {
        return authenticateApiKey(key, address).map(u -> new ApiKeySignIn(u, new ApiKey(0, "test", NOW, null, null)));
    }

    @Override
    public NewApiKey createApiKey(Caller caller, ApiKeyDraft draft) {
        keyDrafts.add(draft);
        NewApiKey created = createApiKey(caller.signedIn().id(), draft.name(), draft.expires());
        if (Boolean.TRUE.equals(draft.readOnly())) {
            ApiKey readOnly = new ApiKey(created.info().id(), created.info().name(), created.info().created(),
                    created.info().expires(), null, true);
            keys.set(keys.size() - 1, readOnly);
            return new NewApiKey(readOnly, created.key());
        }
        return created;
    }

    @Override
    public List<ApiKey> apiKeys(Caller caller) {
        return apiKeys(caller.signedIn().id());
    }

    @Override
    public void revokeApiKey(Caller caller, long keyId) {
        revokeApiKey(caller.signedIn().id(), keyId);
    }

    @Override
    public void changePassword(Caller caller, char[] currentPassword, char[] newPassword) {
        changePassword(caller.signedIn().id(), currentPassword, newPassword);
    }

    @Override
    public TotpEnrollment startSecondFactor(Caller caller) {
        return startSecondFactor(caller.signedIn().id());
    }

    @Override
    public void confirmSecondFactor(Caller caller, String code) {
        confirmSecondFactor(caller.signedIn().id(), code);
    }

    @Override
    public void turnOffSecondFactor(Caller caller, String code) {
        turnOffSecondFactor(caller.signedIn().id(), code);
    }

    /** The callers that user management saw, in order. */
    public final List<Caller> callers = new ArrayList<>();

    private UserProfile self() {
        return new UserProfile(user.id(), user.username(), null, user.type(), user.managerId(), NOW);
    }

    @Override
    public List<UserProfile> users(Caller caller) {
        callers.add(caller);
        return List.of(self());
    }

    @Override
    public UserProfile user(Caller caller, long id) {
        callers.add(caller);
        if (id != user.id()) {
            throw new NotFoundException("User", id);
        }
        return self();
    }

    /** The drafts and changes that user management was given, in order. */
    public final List<UserDraft> drafts = new ArrayList<>();
    public final List<UserChange> changes = new ArrayList<>();

    @Override
    public UserProfile createUser(Caller caller, UserDraft draft) {
        callers.add(caller);
        drafts.add(draft);
        return new UserProfile(user.id() + 1, draft.username(), draft.email(), draft.type(), draft.managerId(), NOW,
                draft.limits());
    }

    @Override
    public UserProfile updateUser(Caller caller, long id, UserChange change) {
        changes.add(change);
        UserProfile current = user(caller, id);
        return new UserProfile(current.id(), current.username(), current.email(), current.type(), current.managerId(),
                current.created(), change.limits() == null ? current.limits() : change.limits());
    }

    @Override
    public void resetPassword(Caller caller, long id, char[] newPassword) {
        user(caller, id);
    }

    @Override
    public UserDeleted deleteUser(Caller caller, long id) {
        user(caller, id);
        return new UserDeleted(id, user.username(), 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** Delegates as created here, by id. */
    public final List<Delegate> delegates = new ArrayList<>();

    @Override
    public List<Delegate> delegates(Caller caller, long userId) {
        user(caller, userId);
        return delegates.stream().filter(d -> d.principalId() == userId).toList();
    }

    @Override
    public Delegate createDelegate(Caller caller, long userId, DelegateDraft draft) {
        user(caller, userId);
        Delegate created = new Delegate(100 + delegates.size(), draft.username(), draft.email(), userId,
                draft.permissions() == null ? DelegatePermissions.VIEW_ONLY : draft.permissions(), NOW);
        delegates.add(created);
        return created;
    }

    @Override
    public Delegate updateDelegate(Caller caller, long delegateId, DelegatePermissions permissions) {
        Delegate old = delegate(delegateId);
        Delegate changed = new Delegate(old.id(), old.username(), old.email(), old.principalId(), permissions, old.created());
        delegates.set(delegates.indexOf(old), changed);
        return changed;
    }

    @Override
    public void resetDelegatePassword(Caller caller, long delegateId, char[] newPassword) {
        delegate(delegateId);
    }

    @Override
    public void deleteDelegate(Caller caller, long delegateId) {
        delegates.remove(delegate(delegateId));
    }

    private Delegate delegate(long id) {
        return delegates.stream().filter(d -> d.id() == id).findFirst().orElseThrow(() -> new NotFoundException("Delegate", id));
    }
}
