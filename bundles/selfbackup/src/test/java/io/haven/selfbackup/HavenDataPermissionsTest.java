package io.haven.selfbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.PolicySpec;
import io.haven.api.permission.Decision;
import io.haven.api.permission.Feature;
import io.haven.api.selfbackup.SelfBackup;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.store.HavenStore;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The haven-data type's features for "Check AWS permissions" (guide 14.3): they are the shipped policy
 * docs/iam/cpmdata.json, and that policy is enough for every S3 call the type makes, with moto checking each request
 * against the user's policy (actions and bucket resources) as AWS does: a backup and a DR copy in parts, their polls,
 * the search for unrecorded archives and copies, an aborted upload, their deletion; and the restore tool reads with
 * {@code s3:ListBucket} and {@code s3:GetObject} alone. A user lacking one of the actions is refused.
 */
@ExtendWith(MotoExtension.class)
class HavenDataPermissionsTest {

    private static final String REGION = "eu-west-1";
    private static final String DR_REGION = "us-west-2";
    private static final String PREFIX = "cpmdata-";
    private static final Path SHIPPED_POLICY = Path.of("../../docs/iam/cpmdata.json");

    private MotoServer moto;
    private DefaultAwsClients clients;
    private CloudContext admin;

    @TempDir
    Path folder;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        admin = context("admin", "test", "test", REGION);
    }

    @AfterEach
    void tearDown() {
        moto.checkIamPermissions(false);
        clients.close();
    }

    @Test
    void theFeaturesNeededWhenUsedHoldExactlyTheShippedPolicysActions() throws Exception {
        List<Feature> features = new HavenDataPermissions().features();

        assertThat(features).extracting(Feature::id).containsExactly("haven-data.backup", "haven-data.dr");
        assertThat(features).allSatisfy(f -> {
            assertThat(f.required()).as("only the cpmdata policy's account needs it").isFalse();
            assertThat(f.drAccount()).as("checked for backup accounts").isFalse();
        });
        Set<String> declared = new TreeSet<>();
        features.forEach(f -> declared.addAll(f.actions()));
        assertThat(declared).isEqualTo(actionsOf(Files.readString(SHIPPED_POLICY)));
        // S3 answers a made-up bucket "not found" before authorizing: no harmless call decides these
        assertThat(new HavenDataPermissions().probe(admin, "s3:PutObject")).isEqualTo(Decision.UNKNOWN);
    }

    @Test
    void theShippedPolicyAllowsEveryCallOfABackupItsDrCopyAndTheirDeletionAndOneActionLessIsRefused()
            throws Exception {
        String bucket = "cpmdata-" + UUID.randomUUID().toString().substring(0, 8);
        bucket(bucket, REGION);
        bucket(HavenDataTargetType.drBucket(bucket, DR_REGION), DR_REGION);
        String policy = Files.readString(SHIPPED_POLICY).replace("HAVEN-BUCKET", bucket);
        AccessKey shipped = user("cpmdata-" + bucket, policy);
        AccessKey restoreOnly = user("restore-" + bucket, allowing(bucket, Set.of("s3:ListBucket", "s3:GetObject")));
        Set<String> lessOne = actionsOf(policy);
        lessOne.remove("s3:GetObjectTagging");
        AccessKey noTagReading = user("no-tags-" + bucket, allowing(bucket, lessOne));
        HavenStore store = new HavenStore(derby());
        Account account = store.accounts().insert(new Account(0, "main", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null);
        long policyId = store.policies().insert(new PolicySpec("cpmdata", account.id(), null, true, 3, List.of(), 3, 1));
        // No '/' in the prefix: moto's signature check (on while it checks IAM) miscomputes a listing's query with one
        TargetSpec target = new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket, Map.of("prefix", PREFIX));
        store.policies().addTarget(policyId, target);
        String backupId = String.valueOf(store.backups().start(policyId, account.id(), "cpmdata", BackupTrigger.MANUAL,
                1, Instant.now()).orElseThrow());
        HavenDataTargetType type = typeWithArchiveOverOnePart(store);
        CloudContext source = context("shipped", shipped.accessKeyId(), shipped.secretAccessKey(), REGION);
        CloudContext destination = context("shipped", shipped.accessKeyId(), shipped.secretAccessKey(), DR_REGION);

        moto.checkIamPermissions(true);
        Artifact archive = type.startBackup(source, target, request(backupId)).get(0);
        assertThat(type.poll(source, archive).state()).isEqualTo(ArtifactStatus.State.COMPLETED);
        assertThat(type.findByBackupId(source, backupId)).containsExactly(archive);
        Artifact copy = type.startCopy(source, destination, archive, new CopyRequest(backupId, "cpmdata", "copy",
                Map.of(), request(backupId).log()));
        assertThat(type.poll(destination, copy).state()).isEqualTo(ArtifactStatus.State.COMPLETED);
        assertThat(type.findCopies(destination, backupId)).containsExactly(copy);
        putBrokenAtPartTwo(shipped, bucket);
        restore(restoreOnly, bucket);
        CloudContext lacking = context("no-tags", noTagReading.accessKeyId(), noTagReading.secretAccessKey(), REGION);
        assertThatThrownBy(() -> type.findByBackupId(lacking, backupId)).isInstanceOf(S3Exception.class)
                .extracting(e -> ((S3Exception) e).statusCode()).isEqualTo(403);
        type.delete(destination, copy);
        type.delete(source, archive);
        moto.checkIamPermissions(false);

        S3Client s3 = admin.client(S3Client.class);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("the broken upload was aborted")
                .isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).as("the archive deleted").isEmpty();
        assertThat(context("admin", "test", "test", DR_REGION).client(S3Client.class).listObjectsV2(b -> b
                .bucket(HavenDataTargetType.drBucket(bucket, DR_REGION))).contents()).as("the copy deleted").isEmpty();
    }

    /** A configuration file of random bytes makes the archive three parts of S3's smallest size. */
    private HavenDataTargetType typeWithArchiveOverOnePart(HavenStore store) throws Exception {
        Path etc = Files.createDirectories(folder.resolve("etc"));
        byte[] large = new byte[11 << 20];
        new java.util.Random(7).nextBytes(large);
        Files.write(etc.resolve("io.haven.large.cfg"), large);
        Files.writeString(etc.resolve("io.haven.core.cfg"), "recoveryOnly = false\n");
        Files.write(folder.resolve("secrets.key"), new byte[] {1, 2, 3});
        Files.writeString(folder.resolve("cpmdata.passphrase"), "the passphrase of permissions");
        return new HavenDataTargetType(store, () -> folder.resolve("secrets.key"), folder.resolve("cpmdata.passphrase"),
                etc, folder.resolve("work"), Clock.fixed(Instant.parse("2026-12-07T01:02:03Z"), ZoneOffset.UTC),
                ArchiveTransfer.MIN_PART_BYTES);
    }

    /** A multipart upload whose second part breaks on the way: the upload is aborted with the user's keys. */
    private void putBrokenAtPartTwo(AccessKey key, String bucket) throws Exception {
        Path file = Files.write(folder.resolve("eleven-mib"), new byte[11 << 20]);
        ExecutionInterceptor breaksOnPartTwo = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
                    throw SdkClientException.create("connection reset (injected)");
                }
            }
        };
        try (S3Client failing = S3Client.builder().endpointOverride(URI.create(moto.endpoint()))
                .region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(),
                        key.secretAccessKey())))
                .overrideConfiguration(c -> c.addExecutionInterceptor(breaksOnPartTwo)).build()) {
            ArchiveTransfer transfer = new ArchiveTransfer(ArchiveTransfer.MIN_PART_BYTES);
            assertThatThrownBy(() -> transfer.put(failing, bucket, PREFIX + "broken", file, Tagging.builder().build()))
                    .hasMessageContaining("injected").satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        }
    }

    /** bin/haven-restore as an operator runs it, the key found by the SDK's default chain; it must succeed. */
    private void restore(AccessKey key, String bucket) throws Exception {
        Path passphrase = Files.writeString(folder.resolve("kept"), "the passphrase of permissions");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        try {
            int code = RestoreTool.run(new String[] {"--bucket", bucket, "--region", REGION, "--prefix", PREFIX,
                    "--passphrase-file",
                    passphrase.toString(), "--endpoint", moto.endpoint(), "--home", Files.createDirectories(
                            folder.resolve("new-haven")).toString()},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as("restored with %s: %s", key.accessKeyId(), err.toString(StandardCharsets.UTF_8))
                    .isZero();
        } finally {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
        }
    }

    private static Set<String> actionsOf(String policy) {
        Set<String> actions = new TreeSet<>();
        Matcher m = Pattern.compile("\"(s3:[A-Za-z]+)\"").matcher(policy);
        while (m.find()) {
            actions.add(m.group(1));
        }
        return actions;
    }

    /** A policy allowing the actions on the bucket and the DR regions' buckets, as the shipped one names them. */
    private static String allowing(String bucket, Set<String> actions) {
        String list = String.join(",", actions.stream().map(a -> "\"" + a + "\"").toList());
        String b = "arn:aws:s3:::" + bucket;
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + list
                + "],\"Resource\":[\"" + b + "\",\"" + b + "/*\",\"" + b + "-*\",\"" + b + "-*/*\"]}]}";
    }

    private AccessKey user(String name, String policy) {
        IamClient iam = admin.client(IamClient.class);
        iam.createUser(b -> b.userName(name));
        iam.putUserPolicy(b -> b.userName(name).policyName("haven").policyDocument(policy));
        return iam.createAccessKey(b -> b.userName(name)).accessKey();
    }

    private void bucket(String name, String region) {
        context("admin", "test", "test", region).client(S3Client.class).createBucket(b -> b.bucket(name)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
    }

    private CloudContext context(String name, String keyId, String secret, String region) {
        return clients.context(new AwsIdentity(name, new Credentials.StaticKeys(keyId, secret)), region);
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "cpmdata", "Haven", Map.of(), new BackupLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warning(String message) {
            }
        });
    }

    private static EmbeddedDataSource derby() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }
}
