package io.haven.api.service;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.TargetTypeInfo;
import io.haven.api.target.Resource;
import java.util.List;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** AWS accounts and resource discovery. */
@ProviderType
public interface AccountService {

    List<Account> list(Caller caller);

    Account get(Caller caller, long id);

    /** Looks an account up by id or by name, for shells and scripts. */
    Account find(Caller caller, String idOrName);

    /**
     * Adds an account after verifying its credentials with STS GetCallerIdentity.
     *
     * @throws ValidationException when a field is missing or wrong, or the credentials do not work
     *                             (field {@code credentials}); nothing is stored then
     */
    Account create(Caller caller, AccountDraft draft);

    /**
     * Edits an account (guide 16.4: "edit accounts, modify credentials"): with only {@code name}, renames it; with an
     * {@code authMethod}, replaces how Haven signs in to it (new keys, another role or external id, another endpoint)
     * after verifying the new credentials with STS GetCallerIdentity, which must reach the same AWS account, since its
     * backups are there. Its type stays, and "allow deleting snapshots" has its own call (since 2.6).
     *
     * @throws ValidationException naming the field, or {@code credentials} when they fail or reach another AWS
     *                             account; nothing changes then
     */
    Account update(Caller caller, long id, AccountDraft draft);

    /**
     * Turns "Scan Resources" (guide 13) on or off: whether tag scans look at this account's resources (since 2.1).
     */
    Account setScanResources(Caller caller, long id, boolean scanResources);

    /**
     * Turns "Allow deleting snapshots" of a DR account on or off (guide 3.2.1, 11.3): off, Haven tags the copies in
     * it {@code cpm_deleted} instead of deleting them (since 2.5).
     *
     * @throws ValidationException naming {@code allowDeletingSnapshots} for a backup account
     */
    Account setAllowDeletingSnapshots(Caller caller, long id, boolean allow);

    /** @throws ConflictException when a policy or another account still uses it */
    void delete(Caller caller, long id);

    /** The target types that installed plugins serve right now. */
    List<TargetTypeInfo> targetTypes();

    /**
     * Lists resources of a type in a region of the account.
     *
     * @param type   a {@link TargetTypeInfo#id()}; null for every type
     * @param region an AWS region; null for the account's default region
     */
    List<Resource> discover(Caller caller, long accountId, String type, String region);
}
