package io.haven.shell.testing;

import io.haven.api.model.Account;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Caller;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.Frequency;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.model.User;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.report.ReportService;
import io.haven.api.service.AccountService;
import io.haven.api.service.AlertService;
import io.haven.api.service.AuditService;
import io.haven.api.service.BackupService;
import io.haven.api.service.DashboardService;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.NotifierService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.TagScanService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsAccessException;
import io.haven.aws.AwsClients;
import io.haven.core.account.AccountCredentials;
import io.haven.core.account.AccountServiceImpl;
import io.haven.core.audit.AuditServiceImpl;
import io.haven.core.backup.AlertServiceImpl;
import io.haven.core.backup.BackupHousekeeper;
import io.haven.core.backup.BackupServiceImpl;
import io.haven.core.dashboard.DashboardServiceImpl;
import io.haven.core.identity.IdentityProviderServiceImpl;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.notify.Deliveries;
import io.haven.core.notify.NotifierConfigs;
import io.haven.core.permission.PermissionCheckServiceImpl;
import io.haven.core.policy.PolicyServiceImpl;
import io.haven.core.recovery.RecoveryRegistry;
import io.haven.core.recovery.RecoveryServiceImpl;
import io.haven.core.report.ReportServiceImpl;
import io.haven.core.schedule.ScheduleServiceImpl;
import io.haven.core.security.LocalPasswordAuthenticator;
import io.haven.core.security.OpenSessions;
import io.haven.core.security.PasswordHasher;
import io.haven.core.security.SecretCipher;
import io.haven.core.security.SessionServiceImpl;
import io.haven.core.security.UserServiceImpl;
import io.haven.core.tags.TagScanServiceImpl;
import io.haven.core.tags.TagScanner;
import io.haven.store.AlertRepository;
import io.haven.store.HavenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import io.haven.testing.store.FreshDerby;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The real core services over a fresh in-memory store, built as REST's {@code AuthorizationMatrixTest.World} builds
 * them (a copy: the shell module sees no test class of bundles/rest): root, Bob (independent), Carol (managed by Bob),
 * Dave (independent), Carol's two delegates, and one object of each kind in Carol's world. There is no AWS: what
 * reaches it fails as refused credentials or as an unsupported call. Every service a command gets records what it
 * threw, so a test can tell which of core's refusals the shell printed.
 */
public final class CoreWorld {

    /**
     * The signed-in callers; Carol's viewer and deputy are her delegates (guide 16.4), with no and every permission.
     * The others signed in with an API key (issue 9): one the viewer made with its own key, read-only keys of root, Bob
     * and Carol, and one made with Bob's read-only key without asking for read-only.
     */
    public enum Who { ROOT, MANAGER_BOB, MANAGED_CAROL, OTHER_DAVE, CAROLS_VIEWER, CAROLS_DEPUTY, KEY_MADE_BY_VIEWERS_KEY,
        ROOTS_READ_ONLY_KEY, BOBS_READ_ONLY_KEY, CAROLS_READ_ONLY_KEY, KEY_MADE_BY_BOBS_READ_ONLY_KEY }

    private static final String PASSWORD = "a long enough password 1";

    private final HavenStore store;
    private final String databaseName;
    private final Map<Who, String> usernames = new EnumMap<>(Who.class);
    private final Map<Who, Long> keyIds = new EnumMap<>(Who.class);
    private final Map<String, Long> ids = new LinkedHashMap<>();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final List<RuntimeException> thrown = new ArrayList<>();
    private final RecoveryServiceImpl recoveries;
    private final TagScanServiceImpl tagScans;

    public CoreWorld(Path folder) {
        EmbeddedDataSource dataSource = FreshDerby.dataSource();
        databaseName = dataSource.getDatabaseName();
        store = new HavenStore(dataSource);
        LocalPasswordAuthenticator local = new LocalPasswordAuthenticator(store, new PasswordHasher(64, 1, 1));
        long rootId = local.createUser("root", PASSWORD.toCharArray(), true);
        UserServiceImpl users = new UserServiceImpl(store, local, config(folder.resolve("secrets.key")));
        Caller root = Caller.of(new User(rootId, "root", UserType.ROOT, null));
        UserProfile bob = users.createUser(root, new UserDraft("bob", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
        UserProfile carol = users.createUser(root, new UserDraft("carol", null, PASSWORD.toCharArray(), UserType.MANAGED,
                bob.id()));
        users.createUser(root, new UserDraft("dave", null, PASSWORD.toCharArray(), UserType.INDEPENDENT, null));
        Caller asBob = Caller.of(new User(bob.id(), "bob", UserType.INDEPENDENT, null));
        long viewer = users.createDelegate(asBob, carol.id(), new DelegateDraft("carol-viewer", null, PASSWORD.toCharArray(),
                null)).id();
        users.createDelegate(asBob, carol.id(), new DelegateDraft("carol-deputy", null, PASSWORD.toCharArray(),
                new DelegatePermissions(true, true, true)));
        usernames.put(Who.ROOT, "root");
        usernames.put(Who.MANAGER_BOB, "bob");
        usernames.put(Who.MANAGED_CAROL, "carol");
        usernames.put(Who.OTHER_DAVE, "dave");
        usernames.put(Who.CAROLS_VIEWER, "carol-viewer");
        usernames.put(Who.CAROLS_DEPUTY, "carol-deputy");
        users.createApiKey(carol.id(), "k");
        // Keys made with keys, as a script holding one makes them.
        Caller viewersKey = keyCaller(users, users.createApiKey(viewer, "k", null));
        key(users, Who.KEY_MADE_BY_VIEWERS_KEY, "carol-viewer", viewersKey, new ApiKeyDraft("viewer-2", null, null));
        key(users, Who.ROOTS_READ_ONLY_KEY, "root", keyCaller(users, users.createApiKey(rootId, "k", null)),
                new ApiKeyDraft("ro", null, true));
        NewApiKey bobsReadOnly = key(users, Who.BOBS_READ_ONLY_KEY, "bob",
                keyCaller(users, users.createApiKey(bob.id(), "k", null)), new ApiKeyDraft("ro", null, true));
        key(users, Who.CAROLS_READ_ONLY_KEY, "carol", Caller.of(users.byUsername("carol").orElseThrow()),
                new ApiKeyDraft("ro", null, true));
        key(users, Who.KEY_MADE_BY_BOBS_READ_ONLY_KEY, "bob", keyCaller(users, bobsReadOnly),
                new ApiKeyDraft("ro-2", null, null));
        ids.put("carol", carol.id());
        ids.put("viewer", viewer);
        ids.put("carolsKey", users.apiKeys(carol.id()).stream().filter(k -> k.name().equals("k")).findFirst()
                .orElseThrow().id());

        long account = store.accounts().insert(carol.id(), new Account(0, "carol-acc", AuthMethod.INSTANCE_ROLE,
                "123456789012", null, null, null, null, null, null, Instant.now()), null).id();
        long schedule = store.schedules().insert(carol.id(), new ScheduleSpec("carol-nightly", null, 1, Frequency.DAYS,
                Instant.parse("2026-01-01T00:00:00Z"), null, Set.of(), List.of()));
        long policy = store.policies().insert(carol.id(), new PolicySpec("carol-web", account, null, true, 3,
                List.of(schedule), 0, 0));
        long target = store.policies().addTarget(policy, new TargetSpec("ebs-volume", "us-east-1", "vol-1", Map.of())).id();
        long backup = store.backups().start(policy, account, "carol-web", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        store.backups().finish(backup, BackupStatus.SUCCESSFUL, null, Instant.now());
        long recovery = store.recoveries().start(backup, policy, "carol-web", "ebs-volume", "volume", "vol-1", "us-east-1",
                Map.of(), false, Instant.now());
        long alert = store.alerts().raise(new AlertRepository.Raise("policy:" + policy, AlertCategory.BACKUP,
                AlertSeverity.ERROR, policy, "carol-web", backup, null, "a failure"), Instant.now()).alert().id();
        long notifier = store.notifiers().insert(carol.id(), "carol-hook", "webhook", true, false, Map.of(), Instant.now());
        ids.put("account", account);
        ids.put("schedule", schedule);
        ids.put("policy", policy);
        ids.put("target", target);
        ids.put("backup", backup);
        ids.put("recovery", recovery);
        ids.put("alert", alert);
        ids.put("notifier", notifier);

        AwsClients aws = (AwsClients) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AwsClients.class}, (proxy, method, args) -> {
                    if (method.getReturnType() == void.class) {
                        return null; // forgetting cached credentials
                    }
                    if (method.getName().equals("context")) {
                        return null; // nothing asks it for a client: no target type is installed here
                    }
                    throw new AwsAccessException("no AWS in this test", null);
                });
        SecretCipher cipher = new SecretCipher(folder.resolve("secrets.key"));
        AccountCredentials credentials = new AccountCredentials(store, aws, cipher);
        TargetTypeRegistry types = new TargetTypeRegistry();
        CoreConfig defaults = config(folder.resolve("secrets.key"));
        recoveries = new RecoveryServiceImpl(store, new RecoveryRegistry(), credentials, types, defaults);
        AccountServiceImpl accounts = new AccountServiceImpl(store, aws, credentials, types, defaults);
        BackupHousekeeper housekeeper = new BackupHousekeeper() {
            @Override
            public void deleteNow(io.haven.api.model.Backup b) {
            }

            @Override
            public void deleteOrphansSoon() {
            }
        };
        PolicyServiceImpl policies = new PolicyServiceImpl(store, types, (accountId, region) -> {
            throw new UnsupportedOperationException("no AWS in this test");
        }, (p, trigger, attempt) -> 1L, () -> { }, housekeeper);
        // Nothing is scanned: no account has "Scan Resources" on.
        tagScans = new TagScanServiceImpl(store, new TagScanner(store, types, (accountId, region) -> {
            throw new UnsupportedOperationException("no AWS in this test");
        }, policies, accountId -> List.of(), Clock.systemUTC()), Clock.systemUTC(),
                Executors.newSingleThreadScheduledExecutor());
        AuditServiceImpl audit = new AuditServiceImpl(store, Clock.systemUTC(), Duration.ofDays(30));
        SessionServiceImpl sessions = new SessionServiceImpl(users, new OpenSessions(), audit);
        ReportServiceImpl reports = new ReportServiceImpl(store, audit, Clock.systemUTC());
        reports.discovery(accounts, policies);
        IdentityProviderServiceImpl identityProvider = new IdentityProviderServiceImpl(store, users, sessions, cipher,
                Clock.systemUTC());
        ids.put("group", identityProvider.createGroup(root, new UserGroupDraft("ops", null, UserType.MANAGED, null, null,
                null, null)).id());

        watch(AccountService.class, accounts);
        watch(ScheduleService.class, new ScheduleServiceImpl(store, () -> { }, ZoneOffset.UTC, Clock.systemUTC()));
        watch(PolicyService.class, policies);
        watch(BackupService.class, new BackupServiceImpl(store, housekeeper));
        watch(UserService.class, users);
        watch(AlertService.class, new AlertServiceImpl(store));
        watch(RecoveryService.class, recoveries);
        // Whoever may see the account gets as far as AWS, which answers like refused credentials.
        watch(PermissionCheckService.class, new PermissionCheckServiceImpl(accounts, (accountId, region) -> {
            throw new ValidationException("credentials", "no AWS in this test");
        }, defaults));
        // No notifier plugin is installed: what reaches a plugin is refused for its type; deliveries never run.
        watch(NotifierService.class, new NotifierConfigs(store, type -> Optional.empty(), List::of, cipher,
                new Deliveries(store, type -> Optional.empty(), cipher,
                        Executors.newSingleThreadScheduledExecutor(r -> new Thread(() -> { })),
                        Clock.systemUTC(), Deliveries.Retry.DEFAULT), Clock.systemUTC()));
        watch(AuditService.class, audit);
        watch(DashboardService.class, new DashboardServiceImpl(store, new AlertServiceImpl(store), ZoneOffset.UTC,
                Clock.systemUTC()));
        watch(TagScanService.class, tagScans);
        watch(ReportService.class, reports);
        watch(IdentityProviderService.class, identityProvider);
    }

    /** The services a command gets record every Haven refusal core throws, then throw it on. */
    private <T> void watch(Class<T> type, T service) {
        services.put(type, Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return method.invoke(service, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    thrown.add(r);
                }
                throw e.getCause();
            }
        }));
    }

    /** What core threw since the list was last cleared. */
    public List<RuntimeException> thrown() {
        return thrown;
    }

    /** The service for a command's {@code @Reference} field; a session answers every prompt with {@code answer}. */
    public Object service(Class<?> type, String answer) {
        if (type == Session.class) {
            return FakeSession.answering(answer);
        }
        if (type == ConfigurationAdmin.class) {
            return FakeConfigAdmin.withTimeZone("UTC");
        }
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("No service " + type.getName() + " in the test's world");
        }
        return service;
    }

    public String username(Who who) {
        return usernames.get(who);
    }

    /** The id of the API key the caller signed in with; null for a password. */
    public Long keyId(Who who) {
        return keyIds.get(who);
    }

    private static Caller keyCaller(UserServiceImpl users, NewApiKey key) {
        return users.signInWithApiKey(key.key(), "198.51.100.7").orElseThrow().caller("198.51.100.7", "shell");
    }

    private NewApiKey key(UserServiceImpl users, Who who, String username, Caller with, ApiKeyDraft draft) {
        NewApiKey key = users.createApiKey(with, draft);
        usernames.put(who, username);
        keyIds.put(who, key.info().id());
        return key;
    }

    /** The line with {@code %account%}, {@code %policy%}... replaced by the ids of Carol's objects. */
    public String fill(String line) {
        String filled = line;
        for (Map.Entry<String, Long> id : ids.entrySet()) {
            filled = filled.replace("%" + id.getKey() + "%", String.valueOf(id.getValue()));
        }
        if (filled.contains("%")) {
            throw new IllegalArgumentException("Unknown object in " + line);
        }
        return filled;
    }

    public HavenStore store() {
        return store;
    }

    public void close() {
        recoveries.stop();
        tagScans.stop();
        // Drops the in-memory database: a matrix makes a hundred of them.
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(databaseName);
        drop.setConnectionAttributes("drop=true");
        try {
            drop.getConnection().close();
        } catch (java.sql.SQLException dropped) {
            // Derby answers a drop with an exception (08006)
        }
    }

    /** Core's configuration with every default but the key file, which goes into the test's folder. */
    private static CoreConfig config(Path keyFile) {
        return (CoreConfig) Proxy.newProxyInstance(CoreConfig.class.getClassLoader(), new Class<?>[] {CoreConfig.class},
                (proxy, method, args) -> method.getName().equals("secretKeyFile") ? keyFile.toString()
                        : method.getDefaultValue());
    }
}
