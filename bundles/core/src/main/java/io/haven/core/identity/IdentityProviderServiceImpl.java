package io.haven.core.identity;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol;
import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.ServiceProviderKey;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.SessionService.NewSession;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.core.internal.CoreConfig;
import io.haven.core.account.AccountCredentials;
import io.haven.core.security.SecretCipher;
import io.haven.core.security.SessionServiceImpl;
import io.haven.core.security.UserServiceImpl;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with the identity provider (guide 17), decision 0031. Root keeps the settings and the groups; a protocol
 * plugin proves the identity provider's answers; {@link FederatedUsers} decides who the proven identity is; sessions,
 * the throttle and the audit trail are the same as for passwords.
 */
@Component(service = IdentityProviderService.class, configurationPid = CoreConfig.PID)
public class IdentityProviderServiceImpl implements IdentityProviderService {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityProviderServiceImpl.class);
    static final String CHANNEL = "identity-provider";
    /** How long a sign-in request waits for its answer: time to type a password and a second factor at the IdP. */
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);
    /** Open requests kept at most; beyond, the oldest go (each costs a redirect, so this bounds memory, not users). */
    static final int MAX_OPEN_REQUESTS = 10_000;

    private final HavenStore store;
    private final UserServiceImpl users;
    private final SessionServiceImpl sessions;
    private final SecretCipher cipher;
    private final ServiceProviderKeys serviceProviderKeys;
    private final Clock clock;
    private final FederatedUsers federated;
    private final List<IdentityProtocol> protocols = new CopyOnWriteArrayList<>();
    /** Sign-in requests Haven made and has not seen answered: id → when it lapses, and where to return. */
    private final Map<String, OpenRequest> openRequests = new ConcurrentHashMap<>();
    /** The identity behind each session opened here, for signing out at the identity provider. */
    private final Map<String, FederatedIdentity> sessionIdentities = new ConcurrentHashMap<>();

    private record OpenRequest(Instant lapses, String returnTo) {
    }

    @Activate
    public IdentityProviderServiceImpl(@Reference HavenStore store, @Reference UserServiceImpl users,
                                       @Reference SessionServiceImpl sessions, CoreConfig config) {
        this(store, users, sessions, new SecretCipher(AccountCredentials.keyFile(config.secretKeyFile())),
                Clock.systemUTC());
    }

    public IdentityProviderServiceImpl(HavenStore store, UserServiceImpl users, SessionServiceImpl sessions,
                                       SecretCipher cipher, Clock clock) {
        this.store = store;
        this.users = users;
        this.sessions = sessions;
        this.cipher = cipher;
        this.serviceProviderKeys = new ServiceProviderKeys(store, cipher, clock);
        this.clock = clock;
        this.federated = new FederatedUsers(store);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addProtocol(IdentityProtocol protocol) {
        protocols.add(protocol);
    }

    public void removeProtocol(IdentityProtocol protocol) {
        protocols.remove(protocol);
    }

    @Override
    public IdentityProviderSettings settings(Caller caller) {
        requireRoot(caller);
        return shown(stored());
    }

    @Override
    public IdentityProviderSettings updateSettings(Caller caller, IdentityProviderSettings settings) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        requireRoot(caller);
        IdentityProviderSettings given = settings;
        String storedSecret = stored().clientSecret();
        if (given != null && (given.clientSecret() == null || SECRET_KEPT.equals(given.clientSecret()))) {
            given = given.withClientSecret(storedSecret == null ? null : cipher.decrypt(storedSecret));
        }
        IdentityProviderSettings checked = IdentityProviderRules.check(given, protocolRequirements());
        store.identityProvider().saveSettings(checked.withClientSecret(checked.clientSecret() == null ? null
                : cipher.encrypt(checked.clientSecret())), clock.millis());
        LOG.info("Identity provider settings changed by '{}': {}", caller.user().username(),
                checked.enabled() ? "enabled, " + checked.protocol() + ", entity id " + checked.entityId() : "disabled");
        return shown(checked);
    }

    @Override
    public List<Finding> test(Caller caller) {
        requireRoot(caller);
        IdentityProviderSettings settings = current();
        return protocol(settings).map(p -> p.check(settings)).orElseGet(() -> List.of(new Finding(false,
                "No identity protocol '" + settings.protocol() + "' is installed")));
    }

    @Override
    public String serviceProviderMetadata() {
        IdentityProviderSettings settings = current();
        if (settings.havenAddress() == null) {
            throw new ConflictException("Set Haven's address in the identity provider settings first");
        }
        return protocol(settings).orElseThrow(() -> new ConflictException("No identity protocol '" + settings.protocol()
                + "' is installed")).serviceProviderMetadata(settings);
    }

    @Override
    public ServiceProviderCertificates serviceProviderKeys(Caller caller) {
        requireRoot(caller);
        return certificates();
    }

    @Override
    public synchronized ServiceProviderCertificates rollOverServiceProviderKey(Caller caller, Integer graceDays) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        requireRoot(caller);
        int days = IdentityProviderRules.keyGraceDays(graceDays);
        ServiceProviderCertificates before = certificates();
        if (before.previous() != null) {
            throw new ConflictException("Haven's previous SAML key is kept until " + before.previous().keptUntil()
                    + "; retire it before rolling the key over again");
        }
        if (!serviceProviderKeys.rollOver(stored().havenAddress(), clock.instant().plus(Duration.ofDays(days)))) {
            throw new ConflictException("Haven's SAML key was rolled over at the same time by another node; look again");
        }
        LOG.info("Haven's SAML service provider key rolled over by '{}'; the previous one is kept {} days",
                caller.user().username(), days);
        return certificates();
    }

    @Override
    public synchronized ServiceProviderCertificates retirePreviousServiceProviderKey(Caller caller) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        requireRoot(caller);
        if (!serviceProviderKeys.retirePrevious()) {
            throw new ConflictException("Haven keeps no previous SAML key");
        }
        LOG.info("Haven's previous SAML service provider key retired by '{}'", caller.user().username());
        return certificates();
    }

    /** Haven's certificates, the current one made now if need be. */
    private ServiceProviderCertificates certificates() {
        IdentityProviderSettings s = stored();
        var current = serviceProviderKeys.key(s.havenAddress()).orElseThrow(() -> new ConflictException(
                "Save the identity provider settings with Haven's address first; Haven's SAML key is made then"));
        var previous = serviceProviderKeys.previous();
        return new ServiceProviderCertificates(certificate(current, null),
                previous.map(p -> certificate(p.key(), p.keptUntil())).orElse(null));
    }

    private static ServiceProviderCertificate certificate(ServiceProviderKey key, Instant keptUntil) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(hex.length() == 0 ? "" : ":").append(String.format("%02X", b));
            }
            return new ServiceProviderCertificate(key.certificatePem(), hex.toString(),
                    key.certificate().getNotAfter().toInstant(), keptUntil);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Haven's SAML certificate cannot be read", e);
        }
    }

    @Override
    public List<UserGroup> groups(Caller caller) {
        requireRoot(caller);
        return store.identityProvider().groups();
    }

    @Override
    public UserGroup group(Caller caller, long id) {
        requireRoot(caller);
        return store.identityProvider().group(id).orElseThrow(() -> new NotFoundException("Group", id));
    }

    @Override
    public synchronized UserGroup createGroup(Caller caller, UserGroupDraft draft) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        requireRoot(caller);
        UserGroup group = IdentityProviderRules.newGroup(draft);
        if (store.identityProvider().groupNamed(group.name()).isPresent()) {
            throw new ConflictException("A group named '" + group.name() + "' already exists");
        }
        long id = store.identityProvider().insertGroup(group, clock.millis());
        LOG.info("Group '{}' ({}) created by '{}'", group.name(), group.type(), caller.user().username());
        return store.identityProvider().group(id).orElseThrow();
    }

    @Override
    public synchronized UserGroup updateGroup(Caller caller, long id, UserGroupDraft draft) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        UserGroup current = group(caller, id);
        refuseBuiltIn(current);
        UserGroup changed = IdentityProviderRules.changedGroup(current, draft);
        store.identityProvider().updateGroup(changed);
        LOG.info("Group '{}' changed by '{}'", current.name(), caller.user().username());
        return store.identityProvider().group(id).orElseThrow();
    }

    @Override
    public synchronized void deleteGroup(Caller caller, long id) {
        Worlds.requireAllowed(caller, Change.SETTINGS);
        UserGroup current = group(caller, id);
        refuseBuiltIn(current);
        store.identityProvider().deleteGroup(id);
        LOG.info("Group '{}' deleted by '{}'; its members can no longer sign in", current.name(),
                caller.user().username());
    }

    @Override
    public boolean signInAvailable() {
        IdentityProviderSettings settings = current();
        return settings.enabled() && protocol(settings).isPresent();
    }

    @Override
    public String startSignIn(String returnTo, String address) {
        users.refuseFederatedWhileWaiting(address, CHANNEL);
        IdentityProviderSettings settings = current();
        IdentityProtocol protocol = available(settings);
        Instant now = clock.instant();
        openRequests.values().removeIf(r -> r.lapses().isBefore(now));
        if (openRequests.size() >= MAX_OPEN_REQUESTS) {
            openRequests.entrySet().stream().min(Map.Entry.comparingByValue(
                    java.util.Comparator.comparing(OpenRequest::lapses))).ifPresent(e -> openRequests.remove(e.getKey()));
        }
        var request = protocol.signInRequest(settings, "");
        openRequests.put(request.requestId(), new OpenRequest(now.plus(REQUEST_LIFETIME), consolePath(returnTo)));
        return request.redirectUrl();
    }

    @Override
    public CompletedSignIn completeSignIn(Map<String, String> form, String requestUrl, String address) {
        users.refuseFederatedWhileWaiting(address, CHANNEL);
        IdentityProviderSettings settings = current();
        String[] returnTo = {"/console/"};
        FederatedIdentity identity;
        try {
            IdentityProtocol protocol = available(settings);
            Instant now = clock.instant();
            identity = protocol.completeSignIn(settings, form, requestUrl, id -> {
                OpenRequest open = id == null ? null : openRequests.remove(id);
                if (open == null || open.lapses().isBefore(now)) {
                    return false;
                }
                returnTo[0] = open.returnTo();
                return true;
            });
        } catch (FederatedSignInException | ConflictException e) {
            users.federatedSignInFailed(null, address, CHANNEL, false);
            LOG.warn("Sign-in with the identity provider from {} refused: {}", address, e.getMessage());
            throw e instanceof FederatedSignInException f ? f : new FederatedSignInException(e.getMessage());
        }
        User user;
        try {
            user = federated.signIn(identity);
        } catch (FederatedSignInException e) {
            users.federatedSignInFailed(identity.nameId(), address, CHANNEL, true);
            LOG.warn("Sign-in with the identity provider of '{}' from {} refused: {}",
                    UserClaims.shortened(String.valueOf(identity.nameId())), address, e.getMessage());
            throw e;
        }
        users.federatedSignInSucceeded(address);
        NewSession session = sessions.open(user, address, "sign in with the identity provider");
        sessionIdentities.put(session.token(), identity);
        return new CompletedSignIn(session, returnTo[0]);
    }

    @Override
    public Optional<String> signOut(String sessionToken) {
        FederatedIdentity identity = sessionToken == null ? null : sessionIdentities.remove(sessionToken);
        sessions.signOut(sessionToken);
        if (identity == null) {
            return Optional.empty();
        }
        IdentityProviderSettings settings = current();
        return protocol(settings).flatMap(p -> p.signOutRequest(settings, identity, ""));
    }

    /** The settings as stored: the client secret encrypted. */
    private IdentityProviderSettings stored() {
        return store.identityProvider().settings().orElse(IdentityProviderRules.DEFAULTS);
    }

    /**
     * The settings for a protocol: the client secret in clear text, and for SAML Haven's own key pair (made on first
     * use), in memory only.
     */
    private IdentityProviderSettings current() {
        IdentityProviderSettings s = stored();
        if (SAML.equals(s.protocol())) {
            s = s.withServiceProviderKeys(serviceProviderKeys.key(s.havenAddress()).orElse(null),
                    serviceProviderKeys.previous().map(ServiceProviderKeys.PreviousKeyInUse::key).orElse(null));
        }
        return s.clientSecret() == null ? s : s.withClientSecret(cipher.decrypt(s.clientSecret()));
    }

    private static final String SAML = "saml";

    /** The settings for people: a stored client secret is {@link #SECRET_KEPT}. */
    private static IdentityProviderSettings shown(IdentityProviderSettings s) {
        return s.clientSecret() == null ? s : s.withClientSecret(SECRET_KEPT);
    }

    private IdentityProtocol available(IdentityProviderSettings settings) {
        if (!settings.enabled()) {
            throw new ConflictException("Sign-in with the identity provider is not enabled");
        }
        return protocol(settings).orElseThrow(() -> new ConflictException("No identity protocol '"
                + settings.protocol() + "' is installed"));
    }

    private Optional<IdentityProtocol> protocol(IdentityProviderSettings settings) {
        return protocols.stream().filter(p -> p.name().equals(settings.protocol())).findFirst();
    }

    private Map<String, List<String>> protocolRequirements() {
        Map<String, List<String>> requirements = new java.util.TreeMap<>();
        protocols.forEach(p -> requirements.put(p.name(), p.requiredSettings()));
        return requirements;
    }

    /** Only paths of the console are returned to: an open redirect would make Haven's sign-in a phishing aid. */
    static String consolePath(String returnTo) {
        return returnTo != null && returnTo.matches("/console/[A-Za-z0-9/#._-]{0,200}") && !returnTo.contains("..")
                ? returnTo : "/console/";
    }

    private static void requireRoot(Caller caller) {
        if (caller.delegate() != null || !caller.user().root()) {
            throw new ForbiddenException("Only root sets up the identity provider and its groups");
        }
    }

    private static void refuseBuiltIn(UserGroup group) {
        if (group.builtIn()) {
            throw new ConflictException("The built-in group '" + group.name() + "' cannot be changed or deleted; "
                    + "add a group of your own");
        }
    }
}
