package io.haven.core.account;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsAccessException;
import io.haven.aws.AwsCaller;
import io.haven.aws.AwsClients;
import io.haven.aws.AwsIdentity;
import io.haven.aws.Credentials;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Validation;
import io.haven.core.security.SecretCipher;
import io.haven.store.AccountRepository.StoredAccount;
import io.haven.store.HavenStore;
import java.nio.file.Path;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Turns stored accounts into AWS identities: decrypts the secret key, chains assume-role through the
 * account it goes via, and asks {@link AwsClients} for contexts. Nothing else in core sees a secret.
 */
@Component(service = {AccountCredentials.class, CloudContexts.class}, configurationPid = CoreConfig.PID)
public class AccountCredentials implements CloudContexts {

    private static final int MAX_ACCESS_KEY_ID = 128;

    private final HavenStore store;
    private final AwsClients aws;
    private final SecretCipher cipher;

    @Activate
    public AccountCredentials(@Reference HavenStore store, @Reference AwsClients aws, CoreConfig config) {
        this(store, aws, new SecretCipher(keyFile(config.secretKeyFile())));
    }

    public AccountCredentials(HavenStore store, AwsClients aws, SecretCipher cipher) {
        this.store = store;
        this.aws = aws;
        this.cipher = cipher;
    }

    @Override
    public CloudContext context(long accountId, String region) {
        return aws.context(identity(accountId), region);
    }

    public AwsIdentity identity(long accountId) {
        StoredAccount stored = store.accounts().get(accountId).orElseThrow(() -> new NotFoundException("Account", accountId));
        Account a = stored.account();
        Credentials credentials = switch (a.authMethod()) {
            case ACCESS_KEYS -> new Credentials.StaticKeys(a.accessKeyId(), cipher.decrypt(stored.secretCipher()));
            case INSTANCE_ROLE -> new Credentials.DefaultChain();
            case ASSUME_ROLE -> new Credentials.AssumeRole(identity(a.viaAccountId()),
                    roleArn(a.roleAccountNumber(), a.roleName()), a.externalId());
        };
        return new AwsIdentity(cacheKey(accountId), credentials, a.endpoint());
    }

    /** An identity for an account that is not stored yet, to verify it; its clients are not kept. */
    public AwsIdentity draftIdentity(AccountDraft d) {
        Credentials credentials = switch (d.authMethod()) {
            case ACCESS_KEYS -> new Credentials.StaticKeys(d.accessKeyId(), d.secretAccessKey());
            case INSTANCE_ROLE -> new Credentials.DefaultChain();
            case ASSUME_ROLE -> new Credentials.AssumeRole(identity(d.viaAccountId()),
                    roleArn(d.roleAccountNumber(), d.roleName()), d.externalId());
        };
        return new AwsIdentity("draft:" + UUID.randomUUID(), credentials, d.endpoint());
    }

    /**
     * An identity with other access keys for a recovery (guide 9.1), after checking with STS that they
     * belong to the same AWS account as the stored account. The caller forgets it when done.
     *
     * @throws ValidationException on {@code credentials} when AWS refuses them or they are another account's
     */
    public AwsIdentity otherKeys(long accountId, String accessKeyId, String secretAccessKey, String region) {
        Account account = store.accounts().get(accountId).orElseThrow(() -> new NotFoundException("Account", accountId))
                .account();
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new ValidationException("credentials", "Give both an access key id and a secret access key");
        }
        Validation.requiredText("credentials.accessKeyId", accessKeyId, MAX_ACCESS_KEY_ID, "An access key id");
        Validation.secret("credentials.secretAccessKey", secretAccessKey);
        AwsIdentity identity = new AwsIdentity("recovery:" + UUID.randomUUID(),
                new Credentials.StaticKeys(accessKeyId.trim(), secretAccessKey), account.endpoint());
        String owner;
        try {
            AwsCaller caller = aws.caller(identity, region);
            refuseRootUser(caller);
            owner = caller.accountId();
        } catch (AwsAccessException | ValidationException e) {
            aws.forget(identity.cacheKey());
            throw e instanceof ValidationException v ? v : new ValidationException("credentials", e.getMessage());
        }
        if (!owner.equals(account.awsAccountId())) {
            aws.forget(identity.cacheKey());
            throw new ValidationException("credentials", "These access keys belong to AWS account " + owner
                    + ", not to " + account.awsAccountId() + " of account " + account.name());
        }
        return identity;
    }

    /**
     * Haven never works with an AWS account's root user (guide 14.1): its keys can do everything, cannot be
     * limited by a policy, and AWS advises against creating them at all.
     */
    static void refuseRootUser(AwsCaller caller) {
        if (caller.isRootUser()) {
            throw new ValidationException("credentials", "These are the root user's keys of AWS account "
                    + caller.accountId() + "; Haven does not use them. Create an IAM user or role with Haven's policy "
                    + "(docs/iam) and use its keys or role instead");
        }
    }

    /** A context for an identity that {@link #otherKeys} made. */
    public CloudContext context(AwsIdentity identity, String region) {
        return aws.context(identity, region);
    }

    public String protect(AccountDraft draft) {
        return draft.authMethod() == AuthMethod.ACCESS_KEYS ? cipher.encrypt(draft.secretAccessKey()) : null;
    }

    public void forget(long accountId) {
        aws.forget(cacheKey(accountId));
    }

    public void forget(AwsIdentity identity) {
        aws.forget(identity.cacheKey());
    }

    private static String cacheKey(long accountId) {
        return "account:" + accountId;
    }

    private static String roleArn(String accountNumber, String roleName) {
        return "arn:aws:iam::" + accountNumber + ":role/" + roleName;
    }

    public static Path keyFile(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("karaf.data", "data"), "haven", "keys", "secrets.key");
    }
}
