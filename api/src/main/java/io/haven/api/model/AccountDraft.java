package io.haven.api.model;

/**
 * What a user submits to add an AWS account. Only the fields of the chosen {@link AuthMethod}
 * are used; the secret key is encrypted before it is stored and is never returned.
 *
 * @param name              unique name within Haven
 * @param authMethod        how to authenticate
 * @param accessKeyId       ACCESS_KEYS: the access key id
 * @param secretAccessKey   ACCESS_KEYS: the secret access key
 * @param viaAccountId      ASSUME_ROLE: the Haven account whose credentials assume the role
 * @param roleAccountNumber ASSUME_ROLE: the 12-digit AWS account that owns the role
 * @param roleName          ASSUME_ROLE: the role's name
 * @param externalId        ASSUME_ROLE: optional external id
 * @param endpoint          optional endpoint override (emulator, VPC endpoint); null for the global default
 * @param type              BACKUP or DR; null: BACKUP (guide 3.2.1) (since 1.11)
 * @param allowDeletingSnapshots DR accounts: whether Haven may delete snapshots in it; null: true. Only a DR account
 *                          may say false (since 1.11)
 */
public record AccountDraft(String name, AuthMethod authMethod, String accessKeyId, String secretAccessKey,
                           Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                           String endpoint, AccountType type, Boolean allowDeletingSnapshots) {

    public AccountDraft(String name, AuthMethod authMethod, String accessKeyId, String secretAccessKey,
                        Long viaAccountId, String roleAccountNumber, String roleName, String externalId,
                        String endpoint) {
        this(name, authMethod, accessKeyId, secretAccessKey, viaAccountId, roleAccountNumber, roleName, externalId,
                endpoint, null, null);
    }

    @Override
    public String toString() {
        // Never print the secret, even in a debug log.
        return "AccountDraft[name=" + name + ", authMethod=" + authMethod + ", accessKeyId=" + accessKeyId
                + ", viaAccountId=" + viaAccountId + ", roleAccountNumber=" + roleAccountNumber
                + ", roleName=" + roleName + ", endpoint=" + endpoint + ", type=" + type
                + ", allowDeletingSnapshots=" + allowDeletingSnapshots + "]";
    }
}
