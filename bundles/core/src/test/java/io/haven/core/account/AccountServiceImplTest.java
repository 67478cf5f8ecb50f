package io.haven.core.account;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.model.AuthMethod;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsCaller;
import io.haven.aws.AwsClients;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.DefaultAwsClients;
import io.haven.core.FakeTargetType;
import io.haven.core.TestStores;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.security.SecretCipher;
import io.haven.store.HavenStore;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Accounts against the moto emulator: verification through STS, and secrets that never come back. */
@ExtendWith(MotoExtension.class)
class AccountServiceImplTest {

    private static final String SECRET = "wJalrXUtnFEMI-very-secret";

    @TempDir
    Path keys;
    private DefaultAwsClients aws;
    private HavenStore store;
    private AccountServiceImpl accounts;
    private String endpoint;

    @BeforeEach
    void setUp(MotoServer moto) {
        endpoint = moto.endpoint();
        aws = new DefaultAwsClients(AwsSettings.defaults());
        store = TestStores.fresh();
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(new FakeTargetType());
        AccountCredentials credentials = new AccountCredentials(store, aws, new SecretCipher(keys.resolve("secrets.key")));
        accounts = new AccountServiceImpl(store, aws, credentials, types, config());
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void keysAreVerifiedAndTheSecretIsStoredEncryptedOnly() {
        Account account = accounts.create(ROOT, keys("prod", endpoint));
        assertThat(account.awsAccountId()).isEqualTo("123456789012");
        assertThat(account.toString()).doesNotContain(SECRET);
        String stored = store.accounts().get(account.id()).orElseThrow().secretCipher();
        assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
        assertThat(accounts.find(ROOT, "prod")).isEqualTo(account);
    }

    @Test
    void unusableCredentialsAreRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> accounts.create(ROOT, keys("down", "http://127.0.0.1:1")))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("credentials"))
                .message().doesNotContain(SECRET);
        assertThat(accounts.list(ROOT)).isEmpty();
    }

    @Test
    void assumeRoleGoesThroughAnotherAccountAndChecksTheAccountNumber() {
        Account base = accounts.create(ROOT, keys("base", endpoint));
        Account role = accounts.create(ROOT, new AccountDraft("role", AuthMethod.ASSUME_ROLE, null, null, base.id(),
                "111111111111", "haven-backup", "ext-1", endpoint));
        assertThat(role.awsAccountId()).isEqualTo("111111111111");
        assertThat(role.viaAccountId()).isEqualTo(base.id());
        assertThatThrownBy(() -> accounts.delete(ROOT, base.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("account role");
    }

    /** Guide 3.2.1: a DR account assumes a role with an external id like any account; only it may keep from deleting. */
    @Test
    void aDrAccountIsAddedByAssumeRoleAndOnlyItMayBeKeptFromDeleting() {
        Account base = accounts.create(ROOT, keys("base", endpoint));
        assertThat(base.type()).isEqualTo(io.haven.api.model.AccountType.BACKUP);
        assertThat(base.allowDeletingSnapshots()).isTrue();
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("not-dr", AuthMethod.ASSUME_ROLE, null, null,
                base.id(), "222222222222", "haven-dr", "ext-2", endpoint, io.haven.api.model.AccountType.BACKUP, false)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("allowDeletingSnapshots");
        assertThat(accounts.list(ROOT)).containsExactly(base);

        Account vault = accounts.create(ROOT, new AccountDraft("vault", AuthMethod.ASSUME_ROLE, null, null, base.id(),
                "222222222222", "haven-dr", "ext-2", endpoint, io.haven.api.model.AccountType.DR, false));
        assertThat(vault.awsAccountId()).isEqualTo("222222222222");
        assertThat(vault.externalId()).isEqualTo("ext-2");
        assertThat(vault.isDr()).isTrue();
        assertThat(vault.allowDeletingSnapshots()).isFalse();
        assertThat(accounts.get(ROOT, vault.id())).isEqualTo(vault);
        assertThat(accounts.setAllowDeletingSnapshots(ROOT, vault.id(), true).allowDeletingSnapshots()).isTrue();
        assertThatThrownBy(() -> accounts.setAllowDeletingSnapshots(ROOT, base.id(), false))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("allowDeletingSnapshots");
        assertThat(accounts.get(ROOT, base.id()).allowDeletingSnapshots()).isTrue();
    }

    /** Guide 16.4 "edit accounts, modify credentials": rename, new keys, and never another AWS account's. */
    @Test
    void anAccountIsRenamedOrSignsInAnewButOnlyToItsOwnAwsAccount() {
        Account prod = accounts.create(ROOT, keys("prod", endpoint));
        Account base = accounts.create(ROOT, keys("base", endpoint));
        String firstCipher = store.accounts().get(prod.id()).orElseThrow().secretCipher();

        Account renamed = accounts.update(ROOT, prod.id(), new AccountDraft("production", null, null, null, null, null,
                null, null, null));
        assertThat(renamed.name()).isEqualTo("production");
        assertThat(renamed.accessKeyId()).isEqualTo("test");
        assertThat(store.accounts().get(prod.id()).orElseThrow().secretCipher()).isEqualTo(firstCipher);

        Account rotated = accounts.update(ROOT, prod.id(), new AccountDraft("production", AuthMethod.ACCESS_KEYS,
                "AKIAROTATED", "another-Secret-key-2", null, null, null, null, endpoint));
        assertThat(rotated.accessKeyId()).isEqualTo("AKIAROTATED");
        assertThat(rotated.awsAccountId()).isEqualTo(prod.awsAccountId());
        assertThat(rotated.created()).isEqualTo(prod.created());
        String rotatedCipher = store.accounts().get(prod.id()).orElseThrow().secretCipher();
        assertThat(rotatedCipher).isNotEqualTo(firstCipher).doesNotContain("another-Secret-key-2");

        // A role of AWS account 111111111111 works, but this account's backups are in 123456789012
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), new AccountDraft("production", AuthMethod.ASSUME_ROLE,
                null, null, base.id(), "111111111111", "haven-backup", null, endpoint)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not 123456789012")
                .extracting("field").isEqualTo("credentials");
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), keys("production", "http://127.0.0.1:1")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("credentials");
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), new AccountDraft("production", AuthMethod.ASSUME_ROLE,
                null, null, prod.id(), "123456789012", "haven-backup", null, endpoint)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("viaAccountId");
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), new AccountDraft("production", null, null, null,
                null, null, null, null, null, io.haven.api.model.AccountType.DR, null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), new AccountDraft("base", null, null, null, null, null,
                null, null, null))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> accounts.update(ROOT, prod.id(), new AccountDraft("production", null, null, null, null,
                null, null, null, "http://elsewhere.example"))).as("credentials come whole, with their method")
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("endpoint");
        assertThat(accounts.get(ROOT, prod.id())).as("nothing changed by a refusal").isEqualTo(rotated);
        assertThat(store.accounts().get(prod.id()).orElseThrow().secretCipher()).isEqualTo(rotatedCipher);
    }

    /** A secret longer than the store holds was sent to STS first and then failed the insert (500). */
    @Test
    void lengthLimitsAreCheckedBeforeAnyCallToAws() {
        String unreachable = "http://127.0.0.1:1";
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("long", AuthMethod.ACCESS_KEYS, "AKIA1234",
                "s".repeat(2000), null, null, null, null, unreachable)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("secretAccessKey");
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("long", AuthMethod.ACCESS_KEYS, "AKIA1234", SECRET,
                null, null, null, null, unreachable + "/" + "e".repeat(600))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("endpoint");
        assertThat(accounts.list(ROOT)).isEmpty();

        String longest = "s".repeat(io.haven.core.internal.Validation.MAX_SECRET);
        assertThat(accounts.create(ROOT, new AccountDraft("longest", AuthMethod.ACCESS_KEYS, "AKIA1234", longest, null,
                null, null, null, endpoint)).id()).isPositive();
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("x", AuthMethod.ASSUME_ROLE, null, null, 999L,
                "111111111111", "r", null, endpoint))).extracting("field").isEqualTo("viaAccountId");
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("x", AuthMethod.ACCESS_KEYS, "AKIA1", "", null,
                null, null, null, endpoint))).extracting("field").isEqualTo("secretAccessKey");
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("x", null, null, null, null, null, null, null,
                endpoint))).extracting("field").isEqualTo("authMethod");
        assertThatThrownBy(() -> accounts.create(ROOT, new AccountDraft("x", AuthMethod.INSTANCE_ROLE, null, null, null,
                null, null, null, "ftp://nowhere"))).extracting("field").isEqualTo("endpoint");
        assertThat(accounts.list(ROOT)).isEmpty();
    }

    @Test
    void discoveryRefusesUnknownTypesAndRegions() {
        Account account = accounts.create(ROOT, keys("disc", endpoint));
        assertThatThrownBy(() -> accounts.discover(ROOT, account.id(), "nope", null)).extracting("field").isEqualTo("type");
        assertThatThrownBy(() -> accounts.discover(ROOT, account.id(), null, "moon")).extracting("field").isEqualTo("region");
        assertThat(accounts.discover(ROOT, account.id(), "fake-volume", "eu-west-1")).singleElement()
                .satisfies(r -> assertThat(r.region()).isEqualTo("eu-west-1"));
    }

    @Test
    void anAwsAccountsRootUserIsRefusedAndNothingIsStored() {
        // moto never answers with a root ARN: STS is asked for real, and only its answer is replaced.
        AwsClients rootSaysSts = new AwsClients() {
            @Override
            public CloudContext context(AwsIdentity identity, String region) {
                return aws.context(identity, region);
            }

            @Override
            public String verify(AwsIdentity identity, String region) {
                return caller(identity, region).accountId();
            }

            @Override
            public AwsCaller caller(AwsIdentity identity, String region) {
                String account = aws.caller(identity, region).accountId();
                return new AwsCaller(account, "arn:aws:iam::" + account + ":root");
            }

            @Override
            public void forget(String cacheKey) {
                aws.forget(cacheKey);
            }
        };
        AccountServiceImpl refusing = new AccountServiceImpl(store, rootSaysSts,
                new AccountCredentials(store, rootSaysSts, new SecretCipher(keys.resolve("secrets.key"))),
                new TargetTypeRegistry(), config());

        assertThatThrownBy(() -> refusing.create(ROOT, keys("root-keys", endpoint)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("root user's keys of AWS account")
                .extracting("field").isEqualTo("credentials");
        assertThat(refusing.list(ROOT)).isEmpty();
    }

    private static AccountDraft keys(String name, String endpoint) {
        return new AccountDraft(name, AuthMethod.ACCESS_KEYS, "test", SECRET, null, null, null, null, endpoint);
    }

    private static CoreConfig config() {
        return new CoreConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CoreConfig.class; }
            @Override public String timeZone() { return "UTC"; }
            @Override public String defaultRegion() { return "us-east-1"; }
            @Override public String dailySummaryTime() { return "07:00"; }
            @Override public int auditRetentionDays() { return 30; }
            @Override public int drMaxCopiesPerRegion() { return 20; }
            @Override public int missedRunGraceMinutes() { return 60; }
            @Override public String nodeId() { return ""; }
            @Override public boolean recoveryOnly() { return false; }
            @Override public int nodeHeartbeatSeconds() { return 5; }
            @Override public int nodeTimeoutSeconds() { return 30; }
            @Override public String secretKeyFile() { return ""; }
            @Override public String rootPassword() { return ""; }
            @Override public int maxPollIntervalSeconds() { return 1; }
            @Override public int pollErrorLimitMinutes() { return 60; }
            @Override public String scriptsFolder() { return ""; }
            @Override public int deletedRecordRetentionDays() { return 0; }
            @Override public int housekeepingIntervalMinutes() { return 60; }
            @Override public long billedStorageLimitGiB() { return 0; }
            @Override public int billedStorageWarningPercent() { return 90; }
            @Override public int signInCacheSeconds() { return 60; }
            @Override public int resumeWindowCapMinutes() { return 720; }
            @Override public int runThreads() { return 16; }
            @Override public int runThreadsPerAccount() { return 0; }
            @Override public int retentionThreads() { return 2; }
        };
    }
}
