package io.haven.selfbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.PolicySpec;
import io.haven.api.selfbackup.SelfBackup;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.InvalidTargetException;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The cpmdata target type against moto's S3: archive, upload, Object Lock, DR copy, deletion and the restore tool. */
@ExtendWith(MotoExtension.class)
class HavenDataTargetTypeTest {

    private static final String REGION = "eu-west-1";
    private static final String DR_REGION = "us-west-2";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static CloudContext drCtx;
    private static S3Client s3;
    private static String endpoint;

    @TempDir
    Path folder;

    @BeforeAll
    static void setUp(MotoServer moto) {
        endpoint = moto.endpoint();
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(endpoint));
        AwsIdentity identity = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
        ctx = clients.context(identity, REGION);
        drCtx = clients.context(identity, DR_REGION);
        s3 = ctx.client(S3Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void aBackupPutsOneEncryptedArchiveThatTheRestoreToolFindsAndPutsIntoAFreshHaven() throws Exception {
        String bucket = bucket("plain", REGION);
        HavenStore store = new HavenStore(derby());
        Account account = store.accounts().insert(new Account(0, "main", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null);
        long policy = store.policies().insert(new PolicySpec("web", account.id(), null, true, 3, List.of(), 3, 1));
        HavenDataTargetType type = type(store, "a passphrase of some length\n");
        List<String> log = new ArrayList<>();

        List<Artifact> artifacts = type.startBackup(ctx, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket,
                Map.of("prefix", "dr/haven/")), request("7", log));

        assertThat(artifacts).hasSize(1);
        Artifact archive = artifacts.get(0);
        assertThat(archive.id()).isEqualTo("s3://" + bucket + "/dr/haven/haven-7-20261207T010203Z.havenbackup");
        assertThat(archive.resourceId()).isEqualTo(bucket);
        assertThat(type.poll(ctx, archive).state()).isEqualTo(ArtifactStatus.State.COMPLETED);
        assertThat(log).anyMatch(l -> l.startsWith("Exported Haven's database")).anyMatch(l -> l.startsWith("Uploaded"));
        assertThat(String.join("\n", log)).doesNotContain("a passphrase of some length");
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(archive.detail("key"))).tagSet())
                .anyMatch(t -> t.key().equals("haven:backup-id") && t.value().equals("7"));
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key(archive.detail("key"))).asByteArray();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).startsWith(ArchiveCipher.MAGIC)
                .doesNotContain("io.haven.core").doesNotContain("web");
        assertThat(Files.list(folder.resolve("work"))).isEmpty();

        // The restore tool, as bin/haven-restore runs it, into a fresh installation.
        Path home = Files.createDirectories(folder.resolve("new-haven"));
        Path passphrase = folder.resolve("kept-passphrase");
        Files.writeString(passphrase, "a passphrase of some length\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        int code = RestoreTool.run(new String[] {"--bucket", bucket, "--region", REGION, "--prefix", "dr/haven/",
                "--passphrase-file", passphrase.toString(), "--endpoint", endpoint, "--home", home.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("haven-7-").contains("recovery-only");
        assertThat(Files.readString(home.resolve("etc/io.haven.core.cfg"))).contains("defaultRegion = eu-west-1")
                .contains("recoveryOnly = true").doesNotContain("recoveryOnly = false");
        assertThat(Files.readAllBytes(home.resolve("data/haven/keys/secrets.key"))).isEqualTo(new byte[] {1, 2, 3});
        assertThat(Files.readString(home.resolve("data/haven/keys/cpmdata.passphrase")))
                .isEqualTo("a passphrase of some length");
        Path staged = home.resolve("data/haven/restore/store.export");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staged))).isEqualTo("rw-------");

        // The store imports it at the next start, into its empty database: the new Haven knows the policy.
        EmbeddedDataSource fresh = derby();
        assertThat(io.haven.store.StagedRestore.importIfStaged(new io.haven.store.Database(fresh), staged)).isTrue();
        assertThat(new HavenStore(fresh).policies().get(policy).orElseThrow().spec().name()).isEqualTo("web");

        // A wrong passphrase changes nothing.
        Path other = Files.createDirectories(folder.resolve("other-haven"));
        Files.writeString(passphrase, "not the passphrase");
        int refused = RestoreTool.run(new String[] {"--bucket", bucket, "--region", REGION, "--prefix", "dr/haven/",
                "--passphrase-file", passphrase.toString(), "--endpoint", endpoint, "--home", other.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(refused).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wrong passphrase");
        assertThat(other.resolve("etc")).doesNotExist();

        type.delete(ctx, archive);
        assertThat(type.poll(ctx, archive).state()).isEqualTo(ArtifactStatus.State.FAILED);
    }

    @Test
    void aBucketWithObjectLockLocksTheArchiveAndADrCopyGoesToTheBucketOfTheDrRegion() throws Exception {
        String bucket = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(REGION))));
        s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(7)))));
        String drBucket = bucket("", DR_REGION, bucket + "-" + DR_REGION);
        HavenDataTargetType type = type(new HavenStore(derby()), "another long passphrase");
        List<String> log = new ArrayList<>();

        Artifact archive = type.startBackup(ctx, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket, Map.of()),
                request("8", log)).get(0);

        assertThat(log).anyMatch(l -> l.contains("Object Lock") && l.contains("governance") && l.contains("7 days"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key(archive.detail("key"))).objectLockModeAsString())
                .isEqualTo("GOVERNANCE");

        Artifact copy = type.startCopy(ctx, drCtx, archive, new CopyRequest("8", "cpmdata", "copy",
                Map.of(), null));
        assertThat(copy.region()).isEqualTo(DR_REGION);
        assertThat(copy.detail("bucket")).isEqualTo(drBucket);
        assertThat(copy.detail("haven:copy-of")).isEqualTo(archive.id());
        assertThat(type.poll(drCtx, copy).state()).isEqualTo(ArtifactStatus.State.COMPLETED);
        assertThat(drCtx.client(S3Client.class).getObjectAsBytes(b -> b.bucket(drBucket).key(archive.detail("key")))
                .asByteArray()).isEqualTo(s3.getObjectAsBytes(b -> b.bucket(bucket).key(archive.detail("key")))
                .asByteArray());
    }

    @Test
    void anArchiveLargerThanAPartGoesUpAndToItsDrRegionInPartsAndRestoresWhole() throws Exception {
        String bucket = bucket("large", REGION);
        String drBucket = bucket("", DR_REGION, bucket + "-" + DR_REGION);
        type(new HavenStore(derby()), "a passphrase for parts"); // writes etc/, the key and the passphrase
        // random bytes do not compress: the archive is over two 5 MiB parts
        byte[] large = new byte[11 << 20];
        new java.util.Random(42).nextBytes(large);
        Files.write(folder.resolve("etc/io.haven.large.cfg"), large);
        HavenDataTargetType type = new HavenDataTargetType(new HavenStore(derby()), () -> folder.resolve("secrets.key"),
                folder.resolve("cpmdata.passphrase"), folder.resolve("etc"), folder.resolve("work"),
                Clock.fixed(Instant.parse("2026-12-07T01:02:03Z"), ZoneOffset.UTC), ArchiveTransfer.MIN_PART_BYTES);
        List<String> log = new ArrayList<>();

        Artifact archive = type.startBackup(ctx, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket, Map.of()),
                request("10", log)).get(0);

        assertThat(log).anyMatch(l -> l.startsWith("Uploaded the archive") && l.endsWith(" in 3 parts"));
        var head = s3.headObject(b -> b.bucket(bucket).key(archive.detail("key")));
        assertThat(head.contentLength()).isEqualTo(Long.parseLong(archive.detail("bytes")));
        assertThat(head.eTag()).endsWith("-3\"");
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(archive.detail("key"))).tagSet())
                .anyMatch(t -> t.key().equals("haven:backup-id") && t.value().equals("10"));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();

        Artifact copy = type.startCopy(ctx, drCtx, archive, new CopyRequest("10", "cpmdata", "copy", Map.of(),
                request("10", log).log()));
        assertThat(log).anyMatch(l -> l.startsWith("Copied the archive") && l.endsWith(" in 3 parts"));
        S3Client dr = drCtx.client(S3Client.class);
        assertThat(dr.getObjectAsBytes(b -> b.bucket(drBucket).key(copy.detail("key"))).asByteArray())
                .isEqualTo(s3.getObjectAsBytes(b -> b.bucket(bucket).key(archive.detail("key"))).asByteArray());
        assertThat(dr.getObjectTagging(b -> b.bucket(drBucket).key(copy.detail("key"))).tagSet())
                .anyMatch(t -> t.key().equals("haven:copy-of") && t.value().equals(archive.id()));

        // The restore tool puts the large file back byte for byte.
        Path home = Files.createDirectories(folder.resolve("restored"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        int code = RestoreTool.run(new String[] {"--bucket", bucket, "--region", REGION, "--passphrase-file",
                folder.resolve("cpmdata.passphrase").toString(), "--endpoint", endpoint, "--home", home.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllBytes(home.resolve("etc/io.haven.large.cfg"))).isEqualTo(large);
    }

    @Test
    void aPartThatFailsAbortsTheUploadSoThatNoPartsStayInTheBucket() throws Exception {
        ArchiveTransfer transfer = new ArchiveTransfer(ArchiveTransfer.MIN_PART_BYTES);
        Path file = folder.resolve("eleven-mib");
        Files.write(file, new byte[11 << 20]);
        String bucket = bucket("abort", REGION);
        // the connection breaks as the second part goes: the calls before it reached moto
        ExecutionInterceptor breaksOnPartTwo = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
                    throw SdkClientException.create("connection reset (injected)");
                }
            }
        };
        try (S3Client failing = S3Client.builder().endpointOverride(java.net.URI.create(endpoint))
                .region(software.amazon.awssdk.regions.Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(breaksOnPartTwo)).build()) {
            assertThatThrownBy(() -> transfer.put(failing, bucket, "k", file, Tagging.builder().build()))
                    .hasMessageContaining("injected");
        }

        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("aborted").isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(transfer.partSize(11L << 20)).isEqualTo(ArchiveTransfer.MIN_PART_BYTES);
        assertThat(transfer.partSize(100_000L << 20)).as("10,000 parts at most").isEqualTo(10L << 20);
    }

    @Test
    void anArchiveAndACopyThatTheirBackupDidNotRecordAreFoundForAdoptionAfterARestart() throws Exception {
        String bucket = bucket("adopt", REGION);
        bucket("", DR_REGION, bucket + "-" + DR_REGION);
        HavenStore store = new HavenStore(derby());
        Account account = store.accounts().insert(new Account(0, "main", AuthMethod.INSTANCE_ROLE, "123456789012",
                null, null, null, null, null, null, Instant.now()), null);
        long policy = store.policies().insert(new PolicySpec("cpmdata", account.id(), null, true, 3, List.of(), 3, 1));
        store.policies().addTarget(policy, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket,
                Map.of("prefix", "own/")));
        long backup = store.backups().start(policy, account.id(), "cpmdata", BackupTrigger.MANUAL, 1, Instant.now())
                .orElseThrow();
        HavenDataTargetType type = type(store, "the passphrase of adoption");
        TargetSpec target = store.policies().targets(policy).get(0).spec();
        // put, then Haven stopped before recording it; an archive of another backup under the same prefix
        Artifact archive = type.startBackup(ctx, target, request(String.valueOf(backup), new ArrayList<>())).get(0);
        type.startBackup(ctx, target, request(String.valueOf(backup + 1), new ArrayList<>()));

        assertThat(type.findByBackupId(ctx, String.valueOf(backup))).containsExactly(archive);
        assertThat(type.findByBackupId(drCtx, String.valueOf(backup))).isEmpty();
        assertThat(type.findCopies(drCtx, String.valueOf(backup))).as("not copied yet").isEmpty();

        Artifact copy = type.startCopy(ctx, drCtx, archive, new CopyRequest(String.valueOf(backup), "cpmdata", "copy",
                Map.of(), request("", new ArrayList<>()).log()));

        assertThat(type.findCopies(drCtx, String.valueOf(backup))).containsExactly(copy);
        assertThat(type.findByBackupId(ctx, String.valueOf(backup))).as("copies are not originals")
                .containsExactly(archive);
        assertThat(type.findByBackupId(ctx, "no-number")).isEmpty();
    }

    @Test
    void aMissingPassphraseFailsTheBackupNamingTheFileAndPutsNothing() throws Exception {
        String bucket = bucket("nopass", REGION);
        HavenDataTargetType type = new HavenDataTargetType(new HavenStore(derby()), () -> folder.resolve("key"),
                folder.resolve("missing.passphrase"), folder.resolve("etc"), folder.resolve("work"), Clock.systemUTC());
        assertThatThrownBy(() -> type.startBackup(ctx, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket, Map.of()),
                request("9", new ArrayList<>()))).hasMessageContaining("missing.passphrase").hasMessageContaining("does not exist");
        Files.writeString(folder.resolve("short.passphrase"), "short");
        HavenDataTargetType shortOne = new HavenDataTargetType(new HavenStore(derby()), () -> folder.resolve("key"),
                folder.resolve("short.passphrase"), folder.resolve("etc"), folder.resolve("work"), Clock.systemUTC());
        assertThatThrownBy(() -> shortOne.startBackup(ctx, new TargetSpec(SelfBackup.TARGET_TYPE, REGION, bucket,
                Map.of()), request("9", new ArrayList<>()))).hasMessageContaining("too short")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short\n"));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void onlyABucketNameAndAPrefixAreAccepted() {
        HavenDataTargetType type = new HavenDataTargetType(null, null, null, null, null, Clock.systemUTC());
        type.validate(new TargetSpec(SelfBackup.TARGET_TYPE, REGION, "my-bucket.example", Map.of("prefix", "a/b/")));
        assertThatThrownBy(() -> type.validate(new TargetSpec(SelfBackup.TARGET_TYPE, REGION, "My_Bucket", Map.of())))
                .isInstanceOf(InvalidTargetException.class).extracting("field").isEqualTo("resourceId");
        assertThatThrownBy(() -> type.validate(new TargetSpec(SelfBackup.TARGET_TYPE, REGION, "bucket",
                Map.of("storageClass", "GLACIER")))).isInstanceOf(InvalidTargetException.class)
                .extracting("field").isEqualTo("options.storageClass");
        assertThatThrownBy(() -> type.validate(new TargetSpec(SelfBackup.TARGET_TYPE, REGION, "bucket",
                Map.of("prefix", "/abs")))).isInstanceOf(InvalidTargetException.class)
                .extracting("field").isEqualTo("options.prefix");
        assertThat(type.find(ctx, "no-such-bucket-here")).isEmpty();
    }

    private HavenDataTargetType type(HavenStore store, String passphrase) throws Exception {
        Path etc = Files.createDirectories(folder.resolve("etc"));
        Files.writeString(etc.resolve("io.haven.core.cfg"), "defaultRegion = eu-west-1\nrecoveryOnly = false\n");
        Files.writeString(etc.resolve("io.haven.aws.cfg"), "maxRetries = 5\n");
        Files.writeString(etc.resolve("org.ops4j.datasource-haven.cfg"), "url = jdbc:derby:x\n");
        Path key = folder.resolve("secrets.key");
        Files.write(key, new byte[] {1, 2, 3});
        Path passphraseFile = folder.resolve("cpmdata.passphrase");
        Files.writeString(passphraseFile, passphrase);
        return new HavenDataTargetType(store, () -> key, passphraseFile, etc, folder.resolve("work"),
                Clock.fixed(Instant.parse("2026-12-07T01:02:03Z"), ZoneOffset.UTC));
    }

    private static BackupRequest request(String backupId, List<String> log) {
        return new BackupRequest(backupId, "cpmdata", "Haven", Map.of(), new BackupLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warning(String message) {
                log.add(message);
            }
        });
    }

    private static String bucket(String name, String region) {
        return bucket(name, region, name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String bucket(String ignored, String region, String bucket) {
        S3Client client = region.equals(REGION) ? s3 : drCtx.client(S3Client.class);
        client.createBucket(b -> b.bucket(bucket)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
        return bucket;
    }

    private static EmbeddedDataSource derby() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }
}
