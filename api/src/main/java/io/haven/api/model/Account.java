package io.haven.api.model;

import java.time.Instant;

/**
 * A configured AWS account, as every interface shows it: the secret key is never part of it.
 *
 * @param awsAccountId the 12-digit account number that STS reported when the account was verified
 * @param endpoint     the endpoint override, or null to use the global default
 * @param scanResources whether tag scans look at this account's resources (guide 13, "Scan Resources"; default
 *                      off) (since 1.6)
 */
public record Account(long id, String name, AuthMethod authMethod, String awsAccountId, String accessKeyId,
                      Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                      String endpoint, Instant created, boolean scanResources) {

    public Account(long id, String name, AuthMethod authMethod, String awsAccountId, String accessKeyId,
                   Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                   String endpoint, Instant created) {
        this(id, name, authMethod, awsAccountId, accessKeyId, viaAccountId, roleAccountNumber, roleName, externalId,
                endpoint, created, false);
    }
}
