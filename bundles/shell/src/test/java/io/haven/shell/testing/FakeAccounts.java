package io.haven.shell.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.AccountService;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accounts in memory, with the few rules of the real service that the shell's tests touch. */
public class FakeAccounts implements AccountService {

    /** A secret key the fake "AWS" refuses, to test the credentials error. */
    public static final String REJECTED_SECRET = "wrong";

    public final Map<Long, Account> accounts = new LinkedHashMap<>();
    public final List<TargetTypeInfo> types = new ArrayList<>();
    public final List<Resource> resources = new ArrayList<>();
    public final Set<Long> inUse = new HashSet<>();
    public AccountDraft lastDraft;
    /** The name of the thread that called create, which is what log lines written meanwhile show. */
    public String threadNameDuringCreate;
    public List<Object> lastDiscovery;
    private long nextId = 1;

    public Account add(String name, AuthMethod method) {
        return add(new AccountDraft(name, method, method == AuthMethod.ACCESS_KEYS ? "AKIAEXAMPLE" : null, null, null,
                null, null, null, null));
    }

    private Account add(AccountDraft d) {
        Account a = new Account(nextId++, d.name(), d.authMethod(), "123456789012", d.accessKeyId(), d.viaAccountId(),
                d.roleAccountNumber(), d.roleName(), d.externalId(), d.endpoint(), Instant.parse("2026-01-01T00:00:00Z"),
                false, d.type(), d.allowDeletingSnapshots() == null || d.allowDeletingSnapshots());
        accounts.put(a.id(), a);
        return a;
    }

    @Override
    public List<Account> list(Caller caller) {
        return List.copyOf(accounts.values());
    }

    @Override
    public Account get(Caller caller, long id) {
        Account a = accounts.get(id);
        if (a == null) {
            throw new NotFoundException("Account", id);
        }
        return a;
    }

    @Override
    public Account update(Caller caller, long id, io.haven.api.model.AccountDraft draft) {
        Account a = get(caller, id);
        Account renamed = new Account(a.id(), draft.name(), a.authMethod(), a.awsAccountId(), a.accessKeyId(),
                a.viaAccountId(), a.roleAccountNumber(), a.roleName(), a.externalId(), a.endpoint(), a.created(),
                a.scanResources(), a.type(), a.allowDeletingSnapshots());
        accounts.put(id, renamed);
        return renamed;
    }

    @Override
    public Account setAllowDeletingSnapshots(Caller caller, long id, boolean allow) {
        Account a = get(caller, id);
        if (!a.isDr() && !allow) {
            throw new io.haven.api.service.ValidationException("allowDeletingSnapshots", "Only a DR account");
        }
        Account changed = new Account(a.id(), a.name(), a.authMethod(), a.awsAccountId(), a.accessKeyId(),
                a.viaAccountId(), a.roleAccountNumber(), a.roleName(), a.externalId(), a.endpoint(), a.created(),
                a.scanResources(), a.type(), allow);
        accounts.put(id, changed);
        return changed;
    }

    @Override
    public Account setScanResources(Caller caller, long id, boolean scanResources) {
        Account a = get(caller, id);
        Account changed = new Account(a.id(), a.name(), a.authMethod(), a.awsAccountId(), a.accessKeyId(),
                a.viaAccountId(), a.roleAccountNumber(), a.roleName(), a.externalId(), a.endpoint(), a.created(),
                scanResources);
        accounts.put(id, changed);
        return changed;
    }

    @Override
    public Account find(Caller caller, String idOrName) {
        return accounts.values().stream().filter(a -> a.name().equals(idOrName)).findFirst()
                .or(() -> accounts.values().stream().filter(a -> String.valueOf(a.id()).equals(idOrName)).findFirst())
                .orElseThrow(() -> new NotFoundException("Account", idOrName));
    }

    @Override
    public Account create(Caller caller, AccountDraft draft) {
        lastDraft = draft;
        threadNameDuringCreate = Thread.currentThread().getName();
        if (draft.name() == null || draft.name().isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (draft.authMethod() == AuthMethod.ACCESS_KEYS) {
            if (draft.secretAccessKey() == null || draft.secretAccessKey().isBlank()) {
                throw new ValidationException("secretAccessKey", "A secret access key is required");
            }
            if (draft.secretAccessKey().equals(REJECTED_SECRET)) {
                throw new ValidationException("credentials", "AWS did not accept the access key");
            }
        }
        return add(draft);
    }

    @Override
    public void delete(Caller caller, long id) {
        get(caller, id);
        if (inUse.contains(id)) {
            throw new ConflictException("Account " + id + " is still used by web");
        }
        accounts.remove(id);
    }

    @Override
    public List<TargetTypeInfo> targetTypes() {
        return List.copyOf(types);
    }

    @Override
    public List<Resource> discover(Caller caller, long accountId, String type, String region) {
        get(caller, accountId);
        lastDiscovery = java.util.Arrays.asList(accountId, type, region);
        return resources.stream().filter(r -> type == null || r.type().equals(type))
                .filter(r -> region == null || r.region().equals(region)).toList();
    }
}
