package io.haven.core.account;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AccountType;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.AccountService;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsAccessException;
import io.haven.aws.AwsCaller;
import io.haven.aws.AwsClients;
import io.haven.aws.AwsIdentity;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.internal.Validation;
import io.haven.store.HavenStore;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** AWS accounts (guide 3.2.2): validated, verified with STS before they are stored, secrets encrypted. */
@Component(service = AccountService.class, configurationPid = CoreConfig.PID)
public class AccountServiceImpl implements AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountServiceImpl.class);
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final int MAX_ENDPOINT = 500;
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9]{4,128}");

    private final HavenStore store;
    private final AwsClients aws;
    private final AccountCredentials credentials;
    private final TargetTypeRegistry types;
    private final String defaultRegion;
    private final Worlds worlds;

    @Activate
    public AccountServiceImpl(@Reference HavenStore store, @Reference AwsClients aws,
                              @Reference AccountCredentials credentials, @Reference TargetTypeRegistry types,
                              CoreConfig config) {
        this.store = store;
        this.aws = aws;
        this.credentials = credentials;
        this.types = types;
        this.defaultRegion = config.defaultRegion();
        this.worlds = new Worlds(store);
    }

    @Override
    public List<Account> list(Caller caller) {
        var visible = store.owners().ownedBy(Owned.ACCOUNT, worlds.visibleOwners(caller));
        return store.accounts().list().stream().filter(a -> visible.contains(a.id())).toList();
    }

    @Override
    public Account get(Caller caller, long id) {
        worlds.require(caller, Owned.ACCOUNT, id, "Account");
        return store.accounts().get(id).orElseThrow(() -> new NotFoundException("Account", id)).account();
    }

    @Override
    public Account setScanResources(Caller caller, long id, boolean scanResources) {
        Worlds.requireAllowed(caller, Change.ACCOUNTS);
        worlds.require(caller, Owned.ACCOUNT, id, "Account");
        store.accounts().setScanResources(id, scanResources);
        return get(caller, id);
    }

    @Override
    public Account setAllowDeletingSnapshots(Caller caller, long id, boolean allow) {
        Worlds.requireAllowed(caller, Change.ACCOUNTS);
        Account account = get(caller, id);
        if (!account.isDr() && !allow) {
            throw new ValidationException("allowDeletingSnapshots", "Account " + account.name() + " is a backup account; "
                    + "only a DR account can be kept from deleting snapshots");
        }
        store.accounts().setAllowDeleting(id, allow);
        LOG.info("Account {}: deleting snapshots {}", id, allow ? "allowed" : "not allowed (copies are tagged cpm_deleted)");
        return get(caller, id);
    }

    @Override
    public Account find(Caller caller, String idOrName) {
        return store.accounts().byName(idOrName).map(s -> s.account())
                .or(() -> Validation.parseId(idOrName).flatMap(id -> store.accounts().get(id)).map(s -> s.account()))
                .filter(a -> worlds.sees(caller, Owned.ACCOUNT, a.id()))
                .orElseThrow(() -> new NotFoundException("Account", idOrName));
    }

    @Override
    public synchronized Account create(Caller caller, AccountDraft draft) {
        Worlds.requireAllowed(caller, Change.ACCOUNTS);
        long owner = worlds.ownerForNew(caller);
        if (draft == null) {
            throw new ValidationException("body", "An account is required");
        }
        String name = Validation.name("name", draft.name());
        if (store.accounts().byName(name).isPresent()) {
            throw new ConflictException("An account named '" + name + "' already exists");
        }
        io.haven.core.limits.ResourceLimitRules.checkNewAccount(store, owner);
        checkAuthentication(draft);
        AccountType type = draft.type() == null ? AccountType.BACKUP : draft.type();
        boolean allowDeleting = draft.allowDeletingSnapshots() == null || draft.allowDeletingSnapshots();
        if (type != AccountType.DR && !allowDeleting) {
            throw new ValidationException("allowDeletingSnapshots", "Only a DR account can be kept from deleting "
                    + "snapshots (guide 3.2.1); a backup account deletes its backups' snapshots");
        }
        if (draft.authMethod() == AuthMethod.ASSUME_ROLE) {
            worlds.requireReference(owner, Owned.ACCOUNT, draft.viaAccountId(), "viaAccountId", "Account");
        }
        String endpoint = endpoint(draft.endpoint());
        AccountDraft clean = new AccountDraft(name, draft.authMethod(), trim(draft.accessKeyId()), draft.secretAccessKey(),
                draft.viaAccountId(), draft.roleAccountNumber(), draft.roleName(), blankToNull(draft.externalId()), endpoint);

        String awsAccountId = verify(clean);
        Account account = store.accounts().insert(owner, stored(clean, awsAccountId, Instant.now(), type, allowDeleting),
                credentials.protect(clean));
        LOG.info("Account {} ({}, {}) added for AWS account {} with {}", account.id(), name, type, awsAccountId,
                account.authMethod());
        return account;
    }

    @Override
    public synchronized Account update(Caller caller, long id, AccountDraft draft) {
        Worlds.requireAllowed(caller, Change.ACCOUNTS);
        Account current = get(caller, id);
        if (draft == null) {
            throw new ValidationException("body", "An account is required");
        }
        String name = Validation.name("name", draft.name());
        if (store.accounts().byName(name).filter(other -> other.account().id() != id).isPresent()) {
            throw new ConflictException("An account named '" + name + "' already exists");
        }
        if (draft.type() != null && draft.type() != current.type()) {
            throw new ValidationException("type", "An account's type stays what it was made as (" + current.type()
                    + "): its policies or copies depend on it; add another account instead");
        }
        if (draft.allowDeletingSnapshots() != null && draft.allowDeletingSnapshots() != current.allowDeletingSnapshots()) {
            throw new ValidationException("allowDeletingSnapshots", "Turn deleting on or off with "
                    + "PUT /accounts/" + id + "/allow-deleting-snapshots");
        }
        if (draft.authMethod() == null) {
            refuseSignInFieldsWithoutMethod(draft);
            store.accounts().rename(id, name);
            LOG.info("Account {} renamed to {}", id, name);
            return get(caller, id);
        }
        checkAuthentication(draft);
        if (draft.authMethod() == AuthMethod.ASSUME_ROLE) {
            if (draft.viaAccountId() == id) {
                throw new ValidationException("viaAccountId", "An account cannot assume its role through itself");
            }
            worlds.requireReference(worlds.require(caller, Owned.ACCOUNT, id, "Account"), Owned.ACCOUNT,
                    draft.viaAccountId(), "viaAccountId", "Account");
        }
        AccountDraft clean = new AccountDraft(name, draft.authMethod(), trim(draft.accessKeyId()),
                draft.secretAccessKey(), draft.viaAccountId(), draft.roleAccountNumber(), draft.roleName(),
                blankToNull(draft.externalId()), endpoint(draft.endpoint()));
        String awsAccountId = verify(clean);
        if (!awsAccountId.equals(current.awsAccountId())) {
            // the account's snapshots, policies' resources and copies are in the AWS account it was made for
            throw new ValidationException("credentials", "These credentials reach AWS account " + awsAccountId
                    + ", not " + current.awsAccountId() + ", where this account's backups are; add another account");
        }
        store.accounts().updateSignIn(id, stored(clean, awsAccountId, current.created(), current.type(),
                current.allowDeletingSnapshots()), credentials.protect(clean));
        credentials.forget(id); // clients made with the old credentials go
        LOG.info("Account {} ({}) now signs in to AWS account {} with {}", id, name, awsAccountId, clean.authMethod());
        return get(caller, id);
    }

    @Override
    public synchronized void delete(Caller caller, long id) {
        Worlds.requireAllowed(caller, Change.ACCOUNTS);
        get(caller, id);
        List<String> dependents = store.accounts().dependents(id);
        if (!dependents.isEmpty()) {
            throw new ConflictException("Account " + id + " is still used by " + String.join(", ", dependents));
        }
        store.accounts().delete(id);
        credentials.forget(id);
        LOG.info("Account {} deleted", id);
    }

    @Override
    public List<TargetTypeInfo> targetTypes() {
        return types.infos();
    }

    @Override
    public List<Resource> discover(Caller caller, long accountId, String type, String region) {
        get(caller, accountId);
        String theRegion = region == null || region.isBlank() ? defaultRegion : Validation.region("region", region);
        List<TargetType> selected = type == null || type.isBlank() ? types.all() : List.of(types.require("type", type));
        CloudContext ctx = credentials.context(accountId, theRegion);
        List<Resource> resources = new ArrayList<>();
        for (TargetType t : selected) {
            try {
                resources.addAll(t.discover(ctx));
            } catch (RuntimeException e) {
                throw new ValidationException("accountId", "Discovery of " + t.displayName() + " in " + theRegion
                        + " failed: " + e.getMessage());
            }
        }
        return resources;
    }

    /** Credentials are given whole, with their method: a lone field would be ignored, so it is refused instead. */
    private static void refuseSignInFieldsWithoutMethod(AccountDraft d) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("accessKeyId", d.accessKeyId());
        given.put("secretAccessKey", d.secretAccessKey());
        given.put("viaAccountId", d.viaAccountId());
        given.put("roleAccountNumber", d.roleAccountNumber());
        given.put("roleName", d.roleName());
        given.put("externalId", d.externalId());
        given.put("endpoint", d.endpoint());
        given.forEach((field, value) -> {
            if (value != null) {
                throw new ValidationException(field, "New credentials are given whole, with their authMethod; without "
                        + "authMethod only the name changes");
            }
        });
    }

    /** Signs in with the draft's credentials (STS GetCallerIdentity); the AWS account they reach. */
    private String verify(AccountDraft clean) {
        AwsIdentity identity = credentials.draftIdentity(clean);
        String awsAccountId;
        try {
            AwsCaller awsCaller = aws.caller(identity, defaultRegion);
            AccountCredentials.refuseRootUser(awsCaller);
            awsAccountId = awsCaller.accountId();
        } catch (AwsAccessException e) {
            throw new ValidationException("credentials", e.getMessage());
        } finally {
            credentials.forget(identity);
        }
        if (clean.authMethod() == AuthMethod.ASSUME_ROLE && !clean.roleAccountNumber().equals(awsAccountId)) {
            throw new ValidationException("roleAccountNumber", "The assumed role belongs to AWS account " + awsAccountId
                    + ", not " + clean.roleAccountNumber());
        }
        return awsAccountId;
    }

    /** The account as stored: only the fields of its sign-in method. */
    private static Account stored(AccountDraft clean, String awsAccountId, Instant created, AccountType type,
                                  boolean allowDeleting) {
        boolean keys = clean.authMethod() == AuthMethod.ACCESS_KEYS;
        boolean role = clean.authMethod() == AuthMethod.ASSUME_ROLE;
        return new Account(0, clean.name(), clean.authMethod(), awsAccountId, keys ? clean.accessKeyId() : null,
                role ? clean.viaAccountId() : null, role ? clean.roleAccountNumber() : null,
                role ? clean.roleName() : null, role ? clean.externalId() : null, clean.endpoint(), created, false,
                type, allowDeleting);
    }

    private void checkAuthentication(AccountDraft d) {
        if (d.authMethod() == null) {
            throw new ValidationException("authMethod", "Choose ACCESS_KEYS, INSTANCE_ROLE or ASSUME_ROLE");
        }
        switch (d.authMethod()) {
            case ACCESS_KEYS -> {
                if (d.accessKeyId() == null || !ACCESS_KEY_ID.matcher(d.accessKeyId().trim()).matches()) {
                    throw new ValidationException("accessKeyId", "An access key id (letters and digits) is required");
                }
                Validation.secret("secretAccessKey", d.secretAccessKey());
            }
            case INSTANCE_ROLE -> rejectKeys(d);
            case ASSUME_ROLE -> {
                rejectKeys(d);
                if (d.viaAccountId() == null) {
                    throw new ValidationException("viaAccountId", "The account whose credentials assume the role is required");
                }
                if (store.accounts().get(d.viaAccountId()).isEmpty()) {
                    throw new ValidationException("viaAccountId", "Account " + d.viaAccountId() + " does not exist");
                }
                if (d.roleAccountNumber() == null || !ACCOUNT_NUMBER.matcher(d.roleAccountNumber()).matches()) {
                    throw new ValidationException("roleAccountNumber", "A 12-digit AWS account number is required");
                }
                if (d.roleName() == null || !ROLE_NAME.matcher(d.roleName()).matches()) {
                    throw new ValidationException("roleName", "An IAM role name (1-64 characters of letters, digits and +=,.@_-) is required");
                }
                if (d.externalId() != null && !d.externalId().isBlank() && !EXTERNAL_ID.matcher(d.externalId()).matches()) {
                    throw new ValidationException("externalId", "An external id has 2-1224 characters of letters, digits and +=,.@:/_-");
                }
            }
        }
    }

    private static void rejectKeys(AccountDraft d) {
        if (d.secretAccessKey() != null && !d.secretAccessKey().isEmpty()) {
            throw new ValidationException("secretAccessKey", "A secret key is only used with ACCESS_KEYS authentication");
        }
    }

    private static String endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        if (endpoint.trim().length() > MAX_ENDPOINT) {
            throw new ValidationException("endpoint", "An endpoint URL has at most " + MAX_ENDPOINT + " characters");
        }
        try {
            URI uri = URI.create(endpoint.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("endpoint", "Not an http(s) URL: " + endpoint);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
