package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.AccountService;
import io.haven.api.service.ConflictException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accounts in a map; records discovery calls; "in-use" accounts refuse deletion. */
public class FakeAccountService implements AccountService {

    public static final Instant CREATED = Instant.parse("2025-01-31T02:00:00Z");

    private final Map<Long, Account> accounts = new TreeMap<>();
    private long nextId = 1;
    public final List<String> discoverCalls = new ArrayList<>();
    /** Set by a test to make the next call fail unexpectedly. */
    public RuntimeException failWith;

    @Override
    public List<Account> list(Caller caller) {
        if (failWith != null) {
            throw failWith;
        }
        return List.copyOf(accounts.values());
    }

    @Override
    public Account get(Caller caller, long id) {
        Account account = accounts.get(id);
        if (account == null) {
            throw new NotFoundException("Account", id);
        }
        return account;
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
                .orElseThrow(() -> new NotFoundException("Account", idOrName));
    }

    @Override
    public Account create(Caller caller, AccountDraft draft) {
        if (draft.name() == null || draft.name().isBlank()) {
            throw new ValidationException("name", "A name is required");
        }
        if (accounts.values().stream().anyMatch(a -> a.name().equals(draft.name()))) {
            throw new ConflictException("An account named '" + draft.name() + "' already exists");
        }
        long id = nextId++;
        Account account = new Account(id, draft.name(), draft.authMethod(), "123456789012", draft.accessKeyId(),
                draft.viaAccountId(), draft.roleAccountNumber(), draft.roleName(), draft.externalId(),
                draft.endpoint(), CREATED, false, draft.type(),
                draft.allowDeletingSnapshots() == null || draft.allowDeletingSnapshots());
        accounts.put(id, account);
        return account;
    }

    @Override
    public void delete(Caller caller, long id) {
        Account account = get(caller, id);
        if (account.name().startsWith("in-use")) {
            throw new ConflictException("Account " + id + " is used by a policy");
        }
        accounts.remove(id);
    }

    @Override
    public List<TargetTypeInfo> targetTypes() {
        return List.of(new TargetTypeInfo("ebs-volume", "EBS volume"), new TargetTypeInfo("ec2-instance", "EC2 instance",
                List.of(io.haven.api.target.TargetOption.choice("volumes", "Volumes", "all", "Which EBS volumes",
                                List.of("all", "include", "exclude")),
                        io.haven.api.target.TargetOption.yesNo("reboot", "Reboot for the AMI", false, "Only with ami"))));
    }

    @Override
    public List<Resource> discover(Caller caller, long accountId, String type, String region) {
        get(caller, accountId);
        discoverCalls.add(accountId + "|" + type + "|" + region);
        return List.of(new Resource("ebs-volume", "vol-1", region == null ? "us-east-1" : region, "data",
                Map.of("Name", "data"), Map.of("sizeGiB", "8")));
    }
}
