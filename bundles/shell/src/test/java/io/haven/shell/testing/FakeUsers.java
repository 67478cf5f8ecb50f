package io.haven.shell.testing;

import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.Delegate;
import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.User;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Root with one password, its keys in memory; records where sign-ins come from. */
public class FakeUsers implements UserService {

    public static final User ROOT = new User(1, "root", true);
    public static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    public String password = "root-password-1";
    public final List<ApiKey> keys = new ArrayList<>();
    public final List<String> signIns = new ArrayList<>();
    public SecondFactorState secondFactor = SecondFactorState.OFF;
    public final List<Long> resetSecondFactors = new ArrayList<>();
    public Long throttledSeconds;

    @Override
    public Optional<User> authenticate(String username, char[] pass) {
        return signIn(username, pass, UNKNOWN_ADDRESS, "rest");
    }

    @Override
    public Optional<User> signIn(String username, char[] pass, String address, String channel) {
        signIns.add(username + "@" + address + " via " + channel);
        if (throttledSeconds != null) {
            throw new TooManySignInsException(throttledSeconds);
        }
        if (secondFactor == SecondFactorState.ON && "root".equals(username) && Arrays.equals(password.toCharArray(), pass)) {
            throw new SecondFactorRequiredException();
        }
        return "root".equals(username) && Arrays.equals(password.toCharArray(), pass) ? Optional.of(ROOT) : Optional.empty();
    }

    @Override
    public Optional<User> signIn(String username, char[] pass, String code, String address, String channel) {
        return signIn(username, pass, address, channel);
    }

    @Override
    public SecondFactorState secondFactor(long userId) {
        return secondFactor;
    }

    @Override
    public TotpEnrollment startSecondFactor(long userId) {
        secondFactor = SecondFactorState.PENDING;
        return new TotpEnrollment("JBSWY3DPEHPK3PXP", "otpauth://totp/Haven%3Aroot?secret=JBSWY3DPEHPK3PXP");
    }

    @Override
    public void confirmSecondFactor(long userId, String code) {
        secondFactor = right(code, SecondFactorState.ON);
    }

    @Override
    public void turnOffSecondFactor(long userId, String code) {
        secondFactor = right(code, SecondFactorState.OFF);
    }

    private static SecondFactorState right(String code, SecondFactorState then) {
        if (!"123456".equals(code)) {
            throw new ValidationException("code", "The code is not the current code of the authenticator app");
        }
        return then;
    }

    @Override
    public void resetSecondFactor(Caller caller, long id) {
        user(caller, id);
        resetSecondFactors.add(id);
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey) {
        return Optional.empty();
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey, String address) {
        return Optional.empty();
    }

    @Override
    public Optional<User> byUsername(String username) {
        return "root".equals(username) ? Optional.of(ROOT) : Optional.empty();
    }

    @Override
    public void changePassword(long userId, char[] currentPassword, char[] newPassword) {
        if (!Arrays.equals(password.toCharArray(), currentPassword)) {
            throw new ValidationException("currentPassword", "The current password is not right");
        }
        password = new String(newPassword);
    }

    @Override
    public String createApiKey(long userId, String name) {
        return createApiKey(userId, name, null).key();
    }

    @Override
    public NewApiKey createApiKey(long userId, String name, Instant expires) {
        ApiKey key = new ApiKey(keys.size() + 1, name, NOW, expires, null);
        keys.add(key);
        return new NewApiKey(key, "hvn_shown-once-" + key.id());
    }

    @Override
    public List<ApiKey> apiKeys(long userId) {
        return userId == ROOT.id() ? List.copyOf(keys) : List.of();
    }

    @Override
    public void revokeApiKey(long userId, long keyId) {
        if (!keys.removeIf(k -> k.id() == keyId)) {
            throw new NotFoundException("API key", keyId);
        }
    }

    /** Keys asked for through {@link #createApiKey(Caller, ApiKeyDraft)}, in order. */
    public final List<ApiKeyDraft> keyDrafts = new ArrayList<>();

    /** The API keys that sign in, by value. */
    public final java.util.Map<String, ApiKeySignIn> apiKeySignIns = new java.util.HashMap<>();

    @Override
    public Optional<ApiKeySignIn> signInWithApiKey(String apiKey, String address) {
        return Optional.ofNullable(apiKeySignIns.get(apiKey));
    }

    @Override
    public NewApiKey createApiKey(Caller caller, ApiKeyDraft draft) {
        keyDrafts.add(draft);
        ApiKey key = new ApiKey(keys.size() + 1, draft.name(), NOW, draft.expires(), null,
                Boolean.TRUE.equals(draft.readOnly()));
        keys.add(key);
        return new NewApiKey(key, "hvn_shown-once-" + key.id());
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

    /** Users as root manages them: only root here, and what {@link #createUser} adds. */
    public final List<UserProfile> profiles = new ArrayList<>(List.of(new UserProfile(1, "root", null, UserType.ROOT, null, NOW)));
    public final List<String> resets = new ArrayList<>();

    @Override
    public List<UserProfile> users(Caller caller) {
        return List.copyOf(profiles);
    }

    @Override
    public UserProfile user(Caller caller, long id) {
        return profiles.stream().filter(u -> u.id() == id).findFirst().orElseThrow(() -> new NotFoundException("User", id));
    }

    @Override
    public UserProfile createUser(Caller caller, UserDraft draft) {
        UserProfile created = new UserProfile(profiles.size() + 1, draft.username(), draft.email(), draft.type(),
                draft.type() == UserType.MANAGED ? (draft.managerId() == null ? caller.user().id() : draft.managerId()) : null, NOW,
                draft.limits());
        profiles.add(created);
        return created;
    }

    @Override
    public UserProfile updateUser(Caller caller, long id, UserChange change) {
        UserProfile old = user(caller, id);
        UserProfile changed = new UserProfile(id, old.username(), change.email() == null ? old.email() : change.email(),
                change.type() == null ? old.type() : change.type(), change.managerId(), NOW,
                change.limits() == null ? old.limits() : change.limits());
        profiles.set(profiles.indexOf(old), changed);
        return changed;
    }

    @Override
    public void resetPassword(Caller caller, long id, char[] newPassword) {
        resets.add(user(caller, id).username() + ":" + new String(newPassword));
    }

    @Override
    public UserDeleted deleteUser(Caller caller, long id) {
        UserProfile old = user(caller, id);
        profiles.remove(old);
        return new UserDeleted(id, old.username(), 1, 0, 1, 2, 0, 0, 1,
                List.of(new UserDeleted.ArtifactLeft("ebs-snapshot", "snap-1", "us-east-1", "123456789012", 5)));
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
