package io.haven.api.model;

import java.time.Instant;

/**
 * A configured AWS account, as every interface shows it: the secret key is never part of it.
 *
 * @param awsAccountId the 12-digit account number that STS reported when the account was verified
 * @param endpoint     the endpoint override, or null to use the global default
 * @param scanResources whether tag scans look at this account's resources (guide 13, "Scan Resources"; default
 *                      off) (since 1.6)
 * @param type         BACKUP (default) or DR: a DR account is only a target of cross-account DR copies (since 1.11)
 * @param allowDeletingSnapshots of a DR account: whether Haven deletes the copies in it when their backup goes;
 *                      false: it tags them {@code cpm_deleted} instead (guide 11.3). True for backup accounts
 *                      (since 1.11)
 */
public record Account(long id, String name, AuthMethod authMethod, String awsAccountId, String accessKeyId,
                      Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                      String endpoint, Instant created, boolean scanResources, AccountType type,
                      boolean allowDeletingSnapshots) {

    public Account {
        type = type == null ? AccountType.BACKUP : type;
    }

    public Account(long id, String name, AuthMethod authMethod, String awsAccountId, String accessKeyId,
                   Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                   String endpoint, Instant created, boolean scanResources) {
        this(id, name, authMethod, awsAccountId, accessKeyId, viaAccountId, roleAccountNumber, roleName, externalId,
                endpoint, created, scanResources, AccountType.BACKUP, true);
    }

    public Account(long id, String name, AuthMethod authMethod, String awsAccountId, String accessKeyId,
                   Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                   String endpoint, Instant created) {
        this(id, name, authMethod, awsAccountId, accessKeyId, viaAccountId, roleAccountNumber, roleName, externalId,
                endpoint, created, false);
    }

    /** Whether this is a DR account (guide 3.2.1). */
    public boolean isDr() {
        return type == AccountType.DR;
    }
}
