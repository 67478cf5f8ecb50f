package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.moto.MotoServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Haven's own DR (issue 11, guide 10.4.3, decision 0042), as an operator goes through it: a Haven with a backup of an
 * instance backs itself up with the cpmdata policy into S3, with a DR copy in another region; the Haven is destroyed
 * (killed, its folder deleted, and on PostgreSQL its database dropped); {@code bin/haven-restore} puts the latest
 * archive into a fresh installation (on PostgreSQL with a new, empty database), which comes up in recovery-only mode
 * knowing the earlier backup, and recovers the instance from it. The same steps run on each database Haven supports.
 */
@RunWith(Parameterized.class)
public class SelfBackupIT {

    private static final String PASSWORD = "self-Backup-Root-7";
    private static final String PASSPHRASE = "the operator keeps this passphrase safe";
    private static final String DR_REGION = "us-west-2";

    /** The database both Havens of a run use: each its own Derby, or each a database of the test's PostgreSQL. */
    enum Store {
        DERBY, POSTGRESQL
    }

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> stores() {
        return List.of(new Object[] {Store.DERBY}, new Object[] {Store.POSTGRESQL});
    }

    private final Store store;
    /** Per store, so that the runs share moto without seeing each other's archives. */
    private final String bucket;
    private HavenProcess original;
    private HavenProcess restored;

    public SelfBackupIT(Store store) {
        this.store = store;
        this.bucket = "haven-self-backups-" + store.name().toLowerCase(Locale.ROOT);
    }

    /** A Haven in {@code target/<folder>-<store>}, on its own Derby or on a new, empty PostgreSQL database. */
    private HavenProcess haven(String folder, String port, String rootPassword, String... extra) throws Exception {
        String name = folder + "-" + store.name().toLowerCase(Locale.ROOT);
        HavenProcess haven = new HavenProcess(name, port, rootPassword, extra);
        if (store == Store.POSTGRESQL) {
            DriverPostgres.get().createDatabase(database(folder));
            haven.usePostgres(DriverPostgres.get(), database(folder));
        }
        return haven;
    }

    private static String database(String folder) {
        return folder.replace('-', '_');
    }

    @After
    public void stop() throws InterruptedException {
        if (original != null) {
            original.kill();
        }
        if (restored != null) {
            restored.kill();
        }
    }

    @Test
    public void aDestroyedHavenIsRestoredFromItsCpmdataBackupInRecoveryOnlyMode() throws Exception {
        MotoServer moto = DriverMoto.get();
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(moto.endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create()).credentialsProvider(keys).build();
        S3Client s3West = S3Client.builder().endpointOverride(URI.create(moto.endpoint())).forcePathStyle(true)
                .region(Region.US_WEST_2).httpClient(UrlConnectionHttpClient.create()).credentialsProvider(keys).build();
        s3.createBucket(b -> b.bucket(bucket));
        s3West.createBucket(b -> b.bucket(bucket + "-" + DR_REGION)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.US_WEST_2)));
        Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(keys).build();
        String instance = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();

        String port = HavenTestSupport.freePort();
        original = haven("self-backup-original", port, PASSWORD,
                "io.haven.core.cfg:maxPollIntervalSeconds", "1");
        Path passphrase = original.home().resolve("data/haven/keys/cpmdata.passphrase");
        Files.createDirectories(passphrase.getParent());
        Files.writeString(passphrase, PASSPHRASE + "\n");
        original.start();
        HavenClient api = HavenClient.asRoot(PASSWORD).at(port);
        List<Long> backupsBefore;
        try {
            HavenTestSupport.eventually("Haven answers", Duration.ofMinutes(3), () -> api.get("/policies").status() == 200);
            long account = api.post("/accounts", Map.of("name", "owner", "authMethod", "ACCESS_KEYS", "accessKeyId",
                    "test", "secretAccessKey", "test", "endpoint", moto.endpoint())).json().get("id").asLong();

            // An ordinary policy and its backup: what the restored Haven must know.
            long web = api.post("/policies", Map.of("name", "web", "accountId", account, "generations", 3,
                    "dr", Map.of("enabled", true, "regions", List.of(DR_REGION)))).json().get("id").asLong();
            assertEquals(201, api.post("/policies/" + web + "/targets", Map.of("type", "ec2-instance",
                    "region", "us-east-1", "resourceId", instance)).status());
            long backup = api.post("/policies/" + web + "/run", "").json().get("backupId").asLong();
            HavenTestSupport.eventually("the instance's backup succeeds and is copied to the DR region",
                    Duration.ofSeconds(120), () -> {
                        JsonNode b = api.get("/backups/" + backup).json();
                        return "SUCCESSFUL".equals(b.path("status").asText())
                                && "COMPLETED".equals(b.path("drStatus").asText());
                    });

            // The cpmdata policy: generations, DR regions and its bucket; nothing else goes on it.
            long self = api.post("/policies", Map.of("name", "CPMDATA", "accountId", account, "generations", 2,
                    "dr", Map.of("enabled", true, "regions", List.of(DR_REGION)))).json().get("id").asLong();
            HavenClient.Response refused = api.post("/policies/" + self + "/targets", Map.of("type", "ec2-instance",
                    "region", "us-east-1", "resourceId", instance));
            assertEquals(refused.body(), 400, refused.status());
            assertEquals("type", refused.json().get("field").asText());
            HavenClient.Response misplaced = api.post("/policies/" + web + "/targets", Map.of("type", "haven-data",
                    "region", "us-east-1", "resourceId", bucket));
            assertEquals(misplaced.body(), 400, misplaced.status());
            assertEquals("type", misplaced.json().get("field").asText());
            assertEquals(201, api.post("/policies/" + self + "/targets", Map.of("type", "haven-data",
                    "region", "us-east-1", "resourceId", bucket)).status());

            long selfBackup = api.post("/policies/" + self + "/run", "").json().get("backupId").asLong();
            HavenTestSupport.eventually("the backup of Haven succeeds and is copied to the DR region",
                    Duration.ofSeconds(120), () -> {
                        JsonNode b = api.get("/backups/" + selfBackup).json();
                        return "SUCCESSFUL".equals(b.path("status").asText())
                                && "COMPLETED".equals(b.path("drStatus").asText());
                    });
            String log = api.get("/backups/" + selfBackup + "/log").body();
            assertTrue(log, log.contains("Exported Haven's database") && log.contains("Uploaded the archive"));
            assertTrue("no passphrase in the log", !log.contains(PASSPHRASE));
            List<S3Object> archives = s3.listObjectsV2(b -> b.bucket(bucket).prefix("haven/")).contents();
            assertEquals(1, archives.size());
            String key = archives.get(0).key();
            assertTrue(key, key.startsWith("haven/haven-" + selfBackup + "-") && key.endsWith(".havenbackup"));
            assertEquals("the DR copy", 1, s3West.listObjectsV2(b -> b.bucket(bucket + "-" + DR_REGION)).contents()
                    .size());
            String stored = new String(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
                    StandardCharsets.ISO_8859_1);
            assertTrue("encrypted", stored.startsWith("HAVEN-ARCHIVE-1") && !stored.contains("io.haven"));
            backupsBefore = backupIds(api);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- Haven's log:\n" + tail(original.log()), e);
        }

        // The server is lost: killed, its folder with the database and the secret key gone.
        original.kill();
        Path lost = original.home();
        original = null;
        new ProcessBuilder("rm", "-rf", lost.toString()).inheritIO().start().waitFor();
        if (store == Store.POSTGRESQL) {
            DriverPostgres.get().dropDatabase(database("self-backup-original"));
        }

        // A new installation, restored by one command before its first start.
        String newPort = HavenTestSupport.freePort();
        restored = haven("self-backup-restored", newPort, "not-the-old-password-1");
        Path kept = Path.of("target", "kept-cpmdata.passphrase").toAbsolutePath();
        Files.writeString(kept, PASSPHRASE + "\n");
        ProcessBuilder restore = new ProcessBuilder(restored.home().resolve("bin/haven-restore").toString(),
                "--bucket", bucket, "--region", "us-east-1", "--passphrase-file", kept.toString(),
                "--endpoint", moto.endpoint()).redirectErrorStream(true);
        restore.environment().put("AWS_ACCESS_KEY_ID", "test");
        restore.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process tool = restore.start();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(output, tool.waitFor(2, TimeUnit.MINUTES));
        assertEquals(output, 0, tool.exitValue());
        assertTrue(output, output.contains("recovery-only"));
        // The restored configuration names the old HTTPS port; the new server uses this test's.
        restored.set("io.haven.server.cfg:port", newPort);
        restored.start();
        HavenClient again = HavenClient.asRoot(PASSWORD).at(newPort);
        try {
            HavenTestSupport.eventually("the restored Haven answers with the old root password", Duration.ofMinutes(3),
                    () -> again.get("/policies").status() == 200);
            assertTrue(again.get("/dashboard").json().path("recoveryOnly").asBoolean());
            assertEquals("every backup record", backupsBefore, backupIds(again));
            if (store == Store.POSTGRESQL) {
                assertEquals("the restored records are in the new PostgreSQL database", "2", DriverPostgres.get()
                        .queryOne(database("self-backup-restored"), "SELECT COUNT(*) FROM backup"));
                assertTrue("no Derby beside it", Files.notExists(restored.home().resolve("data/haven/db")));
            }
            JsonNode earlier = again.get("/backups/" + backupOf(again, "web")).json();
            assertEquals("SUCCESSFUL", earlier.path("status").asText());
            int snapshots = again.get("/backups/" + earlier.get("id").asLong() + "/snapshots").json().size();
            assertTrue("the instance's snapshots are known", snapshots > 0);
            HavenClient.Response noBackups = again.post("/policies/" + policyId(again, "web") + "/run", "");
            assertEquals(noBackups.body(), 409, noBackups.status());
            assertTrue(noBackups.body(), noBackups.body().contains("recovery-only mode"));
            // The region is lost: the instance is recovered in the DR region from its copies, which the restored
            // Haven knows.
            long earlierId = earlier.get("id").asLong();
            JsonNode copies = again.get("/backups/" + earlierId + "/dr-copies").json();
            assertEquals(copies.toString(), snapshots, copies.size());
            JsonNode drPanel = again.get("/backups/" + earlierId + "/recovery?region=" + DR_REGION).json();
            assertTrue("the DR region's panel: " + drPanel + "\ncopies: " + copies + "\nsnapshots: "
                    + again.get("/backups/" + earlierId + "/snapshots").body(), drPanel.has("recoverables"));
            JsonNode item = HavenTestSupport.element(drPanel.get("recoverables"), "resourceId", instance);
            HavenClient.Response recovering = again.post("/backups/" + earlierId + "/recovery", Map.of("key",
                    item.get("key").asText(), "region", DR_REGION, "choices", Map.of("zone", DR_REGION + "a")));
            assertEquals(recovering.body(), 202, recovering.status());
            long recoveryId = recovering.json().get("id").asLong();
            JsonNode recovery = HavenTestSupport.awaitRecovery(again, recoveryId);
            assertEquals(recovery.toString(), "SUCCESSFUL", recovery.get("status").asText());
            Ec2Client west = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.US_WEST_2)
                    .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(keys).build();
            String launched = null;
            for (JsonNode made : again.get("/recoveries/" + recoveryId + "/resources").json()) {
                assertEquals(made.toString(), DR_REGION, made.get("region").asText());
                if (made.get("kind").asText().equals("instance")) {
                    launched = made.get("awsId").asText();
                }
            }
            assertNotNull("an instance was launched", launched);
            String newInstance = launched;
            assertEquals("the instance runs in " + DR_REGION, 1, west.describeInstances(r -> r.instanceIds(newInstance))
                    .reservations().size());

            // The account's secret is decrypted with the restored key: the account still reaches AWS.
            long accountId = again.get("/accounts").json().get(0).get("id").asLong();
            HavenClient.Response found = again.get("/accounts/" + accountId
                    + "/resources?type=ec2-instance&region=us-east-1");
            assertEquals(found.body(), 200, found.status());
            assertTrue(found.body(), found.body().contains(instance));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- restore:\n" + output + "\n--- restored Haven's log:\n"
                    + tail(restored.log()), e);
        }
    }

    private static long policyId(HavenClient api, String name) {
        for (JsonNode p : api.get("/policies").json()) {
            if (p.get("name").asText().equals(name)) {
                return p.get("id").asLong();
            }
        }
        throw new AssertionError("no policy " + name);
    }

    private static long backupOf(HavenClient api, String policy) {
        for (JsonNode b : api.get("/backups?policyId=" + policyId(api, policy)).json().path("items")) {
            return b.get("id").asLong();
        }
        throw new AssertionError("no backup of " + policy + ": " + api.get("/backups").body());
    }

    private static List<Long> backupIds(HavenClient api) {
        List<Long> ids = new java.util.ArrayList<>();
        api.get("/backups").json().path("items").forEach(b -> ids.add(b.get("id").asLong()));
        return ids;
    }

    private static String tail(String log) {
        return log.length() > 20_000 ? log.substring(log.length() - 20_000) : log;
    }
}
