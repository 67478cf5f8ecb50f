package io.haven.core.security;

import io.haven.api.auth.Authenticator;
import io.haven.api.auth.SignInFailure;
import io.haven.api.auth.SignInFailure.Reason;
import io.haven.api.auth.SignInListener;
import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import io.haven.core.access.Delegates;
import io.haven.core.access.UserManagement;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.core.account.AccountCredentials;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.User;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.SecondFactorRequiredException;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.CoreConfig;
import io.haven.store.HavenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, passwords and API keys: the rules every interface (REST, shell) shares. A sign-in is checked
 * against the throttle, then the cache of recent successes, then each {@link Authenticator}; every failure
 * is logged (never the password) and handed to the {@link SignInListener}s. API keys are {@link ApiKeys}'
 * job. The root user is created at the first start.
 */
@Component(service = {UserService.class, UserServiceImpl.class}, immediate = true, configurationPid = CoreConfig.PID)
public class UserServiceImpl implements UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserServiceImpl.class);
    static final String ROOT = "root";

    private final HavenStore store;
    private final LocalPasswordAuthenticator local;
    private final Clock clock;
    private final PasswordRules rules;
    private final CredentialCache cache;
    private final SignInThrottle throttle;
    private final ApiKeys apiKeys;
    private final UserManagement management;
    private final Delegates delegates;
    private final SecondFactors secondFactors;
    private final SecureRandom random = new SecureRandom();
    private final List<Authenticator> authenticators = new CopyOnWriteArrayList<>();
    private final List<SignInListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CredentialsListener> credentialsListeners = new CopyOnWriteArrayList<>();

    @Activate
    public UserServiceImpl(@Reference HavenStore store, @Reference LocalPasswordAuthenticator local, CoreConfig config) {
        this(store, local, Clock.systemUTC(), Duration.ofSeconds(config.signInCacheSeconds()),
                new SecretCipher(AccountCredentials.keyFile(config.secretKeyFile())));
        createRootOnFirstStart(RootPassword.given(config.rootPassword(), System.getenv(), RootPassword.handOverFile())
                .orElse(null), null);
    }

    /** Without DS: authenticators and listeners are added by the caller. */
    UserServiceImpl(HavenStore store, LocalPasswordAuthenticator local, Clock clock, Duration cacheLifetime,
                    SecretCipher cipher) {
        this.store = store;
        this.local = local;
        this.clock = clock;
        this.rules = new PasswordRules(BreachedPasswords.load());
        this.cache = new CredentialCache(cacheLifetime, clock);
        this.throttle = new SignInThrottle(clock);
        this.apiKeys = new ApiKeys(store, clock, (username, address, reason) -> failed(username, address, "api-key", reason));
        this.management = new UserManagement(store, local, rules, cache::clear);
        this.delegates = new Delegates(store, local, rules, cache::clear, this::credentialsChanged);
        this.secondFactors = new SecondFactors(store.secondFactors(), cipher, clock);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAuthenticator(Authenticator authenticator) {
        authenticators.add(authenticator);
    }

    void removeAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
        cache.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCredentialsListener(CredentialsListener listener) {
        credentialsListeners.add(listener);
    }

    void removeCredentialsListener(CredentialsListener listener) {
        credentialsListeners.remove(listener);
    }

    /** A new password ends what the old one opened, everywhere. */
    private void credentialsChanged(long userId) {
        cache.clear();
        credentialsListeners.forEach(listener -> listener.credentialsChanged(userId));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(SignInListener listener) {
        listeners.add(listener);
    }

    void removeListener(SignInListener listener) {
        listeners.remove(listener);
    }

    synchronized void createRootOnFirstStart(String configured, String fromEnvironment) {
        if (store.users().count() > 0) {
            return;
        }
        String password = firstNonBlank(configured, fromEnvironment);
        boolean generated = password == null;
        if (generated) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        local.createUser(ROOT, password.toCharArray(), true);
        if (generated) {
            // Shown once, on the console only: never through the log.
            System.out.println();
            System.out.println("Haven created the user 'root' with the password: " + password);
            System.out.println("It is shown only this once. Set HAVEN_ROOT_PASSWORD before the first start to choose it.");
            System.out.println("Change it with haven:password or PUT /api/v1/password.");
            System.out.println();
            LOG.info("Root user created with a generated password (shown once on the console)");
        } else {
            LOG.info("Root user created with the configured password");
        }
    }

    @Override
    public Optional<User> authenticate(String username, char[] password) {
        return signIn(username, password, UNKNOWN_ADDRESS, "rest");
    }

    @Override
    public Optional<User> signIn(String username, char[] password, String address, String channel) {
        return signIn(username, password, null, true, address, channel);
    }

    @Override
    public Optional<User> signIn(String username, char[] password, String code, String address, String channel) {
        return signIn(username, password, code, false, address, channel);
    }

    /**
     * The one sign-in path. {@code codeAppended}: the channel has no field for a one-time code (shell, HTTP Basic), so
     * a user with a second factor types it after the password.
     */
    private Optional<User> signIn(String username, char[] given, String code, boolean codeAppended, String address,
                                  String channel) {
        if (username == null || given == null || username.isEmpty()) {
            return Optional.empty();
        }
        String from = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        // A remembered success first: it proves the exact password, so it is no guess to slow down. Users with a
        // second factor are never remembered: each of their codes works once.
        Optional<User> remembered = cache.find(username, given);
        if (remembered.isPresent()) {
            return remembered;
        }
        refuseWhileWaiting(username, from, channel);
        boolean secondFactor = secondFactors.requiredFor(username);
        char[] password = given;
        String otp = code;
        if (secondFactor && codeAppended && endsWithCode(given)) {
            password = Arrays.copyOf(given, given.length - SecondFactors.DIGITS);
            otp = new String(given, given.length - SecondFactors.DIGITS, SecondFactors.DIGITS);
        }
        try {
            for (Authenticator authenticator : authenticators) {
                Optional<User> user = proved(authenticator, username, password).flatMap(this::byUsername);
                if (user.isEmpty()) {
                    continue;
                }
                if (!secondFactor) {
                    cache.remember(username, given, user.get());
                } else if (otp == null) {
                    throw new SecondFactorRequiredException();
                } else if (!secondFactors.accepts(user.get().id(), otp)) {
                    throttle.failed(username, from);
                    failed(username, from, channel, Reason.SECOND_FACTOR);
                    return Optional.empty();
                }
                throttle.succeeded(from);
                return user;
            }
        } finally {
            if (password != given) {
                Arrays.fill(password, '\0');
            }
        }
        throttle.failed(username, from);
        failed(username, from, channel, Reason.REJECTED);
        return Optional.empty();
    }

    private static boolean endsWithCode(char[] password) {
        if (password.length <= SecondFactors.DIGITS) {
            return false;
        }
        for (int i = password.length - SecondFactors.DIGITS; i < password.length; i++) {
            if (password[i] < '0' || password[i] > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public SecondFactorState secondFactor(long userId) {
        return secondFactors.state(userId);
    }

    @Override
    public TotpEnrollment startSecondFactor(long userId) {
        User user = store.users().byId(userId).map(s -> s.user()).orElseThrow(() -> new NotFoundException("User", userId));
        TotpEnrollment enrollment = secondFactors.start(user);
        LOG.info("User '{}' started a second factor", printable(user.username()));
        return enrollment;
    }

    @Override
    public void confirmSecondFactor(long userId, String code) {
        confirmSecondFactor(userId, code, UNKNOWN_ADDRESS);
    }

    private void confirmSecondFactor(long userId, String code, String address) {
        User user = store.users().byId(userId).map(s -> s.user()).orElseThrow(() -> new NotFoundException("User", userId));
        provingCode(user, address, () -> secondFactors.confirm(userId, code));
        // Passwords remembered before no longer sign this user in: from now on each sign-in needs a code.
        cache.clear();
        LOG.info("User '{}' turned their second factor on", printable(user.username()));
    }

    @Override
    public void turnOffSecondFactor(long userId, String code) {
        turnOffSecondFactor(userId, code, UNKNOWN_ADDRESS);
    }

    private void turnOffSecondFactor(long userId, String code, String address) {
        User user = store.users().byId(userId).map(s -> s.user()).orElseThrow(() -> new NotFoundException("User", userId));
        provingCode(user, address, () -> secondFactors.turnOff(userId, code));
        LOG.info("User '{}' turned their second factor off", printable(user.username()));
    }

    @Override
    public void resetSecondFactor(Caller caller, long id) {
        UserProfile user = management.requireManaged(caller, id);
        if (secondFactors.remove(id)) {
            LOG.info("Second factor of user '{}' turned off by '{}'", printable(user.username()),
                    printable(caller.user().username()));
        }
    }

    /**
     * A step proved by a one-time code, throttled like a password: a wrong code counts as a failed sign-in, from the
     * caller's address.
     */
    private void provingCode(User user, String address, Runnable step) {
        String from = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        refuseWhileWaiting(user.username(), from, "second-factor");
        try {
            step.run();
        } catch (ValidationException wrong) {
            throttle.failed(user.username(), from);
            failed(user.username(), from, "second-factor", Reason.SECOND_FACTOR);
            throw wrong;
        }
    }

    @Override
    public Optional<User> byUsername(String username) {
        return username == null ? Optional.empty() : store.users().byUsername(username).map(s -> s.user());
    }

    @Override
    public void changePassword(long userId, char[] currentPassword, char[] newPassword) {
        changePassword(userId, currentPassword, newPassword, UNKNOWN_ADDRESS);
    }

    /** A wrong current password counts as a failed sign-in from {@code address}, the caller's. */
    private void changePassword(long userId, char[] currentPassword, char[] newPassword, String address) {
        User user = store.users().byId(userId).map(s -> s.user()).orElseThrow(() -> new NotFoundException("User", userId));
        if (currentPassword == null || currentPassword.length == 0) {
            throw new ValidationException("currentPassword", "The current password is required");
        }
        String from = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        refuseWhileWaiting(user.username(), from, "password-change");
        if (!local.matches(userId, currentPassword)) {
            throttle.failed(user.username(), from);
            failed(user.username(), from, "password-change", Reason.REJECTED);
            throw new ValidationException("currentPassword", "The current password is not right");
        }
        rules.check("newPassword", user.username(), newPassword);
        local.setPassword(userId, newPassword);
        credentialsChanged(userId);
        LOG.info("User '{}' changed their password; their browser sessions ended", printable(user.username()));
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey) {
        return authenticateApiKey(apiKey, UNKNOWN_ADDRESS);
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey, String address) {
        return apiKeys.authenticate(apiKey, address == null || address.isBlank() ? UNKNOWN_ADDRESS : address);
    }

    @Override
    public String createApiKey(long userId, String name) {
        return createApiKey(userId, name, null).key();
    }

    @Override
    public NewApiKey createApiKey(long userId, String name, Instant expires) {
        return apiKeys.create(userId, name, expires);
    }

    @Override
    public List<ApiKey> apiKeys(long userId) {
        return apiKeys.list(userId);
    }

    @Override
    public void revokeApiKey(long userId, long keyId) {
        apiKeys.revoke(userId, keyId);
        LOG.info("API key {} of user {} revoked", keyId, userId);
    }

    @Override
    public Optional<ApiKeySignIn> signInWithApiKey(String apiKey, String address) {
        return apiKeys.signIn(apiKey, address == null || address.isBlank() ? UNKNOWN_ADDRESS : address);
    }

    @Override
    public NewApiKey createApiKey(Caller caller, ApiKeyDraft draft) {
        NewApiKey created = apiKeys.create(caller, draft);
        LOG.info("API key {} ('{}'{}) of user '{}' created{}", created.info().id(), printable(created.info().name()),
                created.info().readOnly() ? ", read-only" : "", printable(caller.signedIn().username()),
                caller.key() == null ? "" : " with API key " + caller.key().id());
        return created;
    }

    @Override
    public List<ApiKey> apiKeys(Caller caller) {
        return apiKeys.list(caller.signedIn().id());
    }

    @Override
    public void revokeApiKey(Caller caller, long keyId) {
        Worlds.requireAllowed(caller, Change.CREDENTIALS);
        revokeApiKey(caller.signedIn().id(), keyId);
    }

    @Override
    public void changePassword(Caller caller, char[] currentPassword, char[] newPassword) {
        Worlds.requireAllowed(caller, Change.CREDENTIALS);
        changePassword(caller.signedIn().id(), currentPassword, newPassword, caller.address());
    }

    @Override
    public TotpEnrollment startSecondFactor(Caller caller) {
        Worlds.requireAllowed(caller, Change.CREDENTIALS);
        return startSecondFactor(caller.signedIn().id());
    }

    @Override
    public void confirmSecondFactor(Caller caller, String code) {
        Worlds.requireAllowed(caller, Change.CREDENTIALS);
        confirmSecondFactor(caller.signedIn().id(), code, caller.address());
    }

    @Override
    public void turnOffSecondFactor(Caller caller, String code) {
        Worlds.requireAllowed(caller, Change.CREDENTIALS);
        turnOffSecondFactor(caller.signedIn().id(), code, caller.address());
    }

    @Override
    public List<UserProfile> users(Caller caller) {
        return management.users(caller);
    }

    @Override
    public UserProfile user(Caller caller, long id) {
        return management.user(caller, id);
    }

    @Override
    public UserProfile createUser(Caller caller, UserDraft draft) {
        return management.create(caller, draft);
    }

    @Override
    public UserProfile updateUser(Caller caller, long id, UserChange change) {
        return management.update(caller, id, change);
    }

    @Override
    public void resetPassword(Caller caller, long id, char[] newPassword) {
        management.resetPassword(caller, id, newPassword);
        credentialsChanged(id);
    }

    @Override
    public UserDeleted deleteUser(Caller caller, long id) {
        return management.delete(caller, id);
    }

    /** @throws TooManySignInsException when the user or the address must still wait */
    private void refuseWhileWaiting(String username, String address, String channel) {
        Optional<Duration> wait = throttle.waitFor(username, address);
        if (wait.isPresent()) {
            failed(username, address, channel, Reason.THROTTLED);
            throw new TooManySignInsException(Math.max(1, (wait.get().toMillis() + 999) / 1000));
        }
    }

    /**
     * For sign-ins that prove no password (the identity provider's answers): refuses while the address must wait,
     * as for passwords. The throttle's user is the address too: who the answer names is not known before it is proven.
     *
     * @throws TooManySignInsException when the address must still wait
     */
    public void refuseFederatedWhileWaiting(String address, String channel) {
        String from = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        refuseWhileWaiting(channel + ":" + from, from, channel);
    }

    /**
     * Records a sign-in with the identity provider that failed, for {@code username} as far as known. An answer that
     * proved no one counts toward the throttle, as a wrong password does; a proven user that Haven refuses (no group,
     * say) does not: the identity provider vouched for it, so it is no guess.
     */
    public void federatedSignInFailed(String username, String address, String channel, boolean proven) {
        String from = address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
        if (!proven) {
            throttle.failed(channel + ":" + from, from);
        }
        failed(username == null || username.isBlank() ? "(unknown)" : username, from, channel, Reason.REJECTED);
    }

    /** A sign-in with the identity provider succeeded: its address starts afresh, as after a right password. */
    public void federatedSignInSucceeded(String address) {
        throttle.succeeded(address == null || address.isBlank() ? UNKNOWN_ADDRESS : address);
    }

    /** What one authenticator proves; a plugin that fails proves nothing and does not stop the others. */
    private static Optional<String> proved(Authenticator authenticator, String username, char[] password) {
        try {
            return authenticator.authenticate(username, password);
        } catch (RuntimeException e) {
            LOG.warn("Authenticator '{}' failed: {}", authenticator.name(), e.toString());
            return Optional.empty();
        }
    }

    /** How many remembered sign-ins there are; for tests. */
    int rememberedSignIns() {
        return cache.size();
    }

    private void failed(String username, String address, String channel, Reason reason) {
        SignInFailure failure = new SignInFailure(clock.instant(), username, address, channel, reason);
        LOG.warn("Sign-in failed: user '{}' from {} via {}: {}", printable(username), printable(address), channel, reason);
        for (SignInListener listener : listeners) {
            try {
                listener.signInFailed(failure);
            } catch (RuntimeException e) {
                LOG.warn("A sign-in listener failed: {}", e.toString());
            }
        }
    }

    /** A user-given text made safe for one log line: no control characters, at most 100 characters. */
    static String printable(String text) {
        String clean = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    @Override
    public List<Delegate> delegates(Caller caller, long userId) {
        return delegates.of(caller, userId);
    }

    @Override
    public Delegate createDelegate(Caller caller, long userId, DelegateDraft draft) {
        return delegates.create(caller, userId, draft);
    }

    @Override
    public Delegate updateDelegate(Caller caller, long delegateId, DelegatePermissions permissions) {
        return delegates.update(caller, delegateId, permissions);
    }

    @Override
    public void resetDelegatePassword(Caller caller, long delegateId, char[] newPassword) {
        delegates.resetPassword(caller, delegateId, newPassword);
    }

    @Override
    public void deleteDelegate(Caller caller, long delegateId) {
        delegates.delete(caller, delegateId);
    }
}
