package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.moto.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Haven is killed (SIGKILL) while a backup waits for its snapshots and another backup's DR copy waits in its DR
 * region, and started again: the run must be finished from what was recorded, the DR resumed to completion with the
 * one copy it had started, an instance recovery into another account killed while it waited for its snapshot copies
 * must launch from them after the restart, and nothing may be left unrecorded or made twice. This test runs the unpacked
 * distribution as a separate process, as an operator would, instead of inside Pax Exam.
 */
public class KillAndRestartIT {

    private static final String PASSWORD = "kill-Test-Root-9";
    private static final String DR_REGION = "us-west-2";
    /** A second backup account of the user, reached by assume-role through the first. */
    private static final String STAGING_AWS = "610987654322";
    private HavenProcess karaf;

    @After
    public void stopKaraf() throws InterruptedException {
        if (karaf != null) {
            karaf.kill();
        }
    }

    @Test
    public void aKilledRunIsFinishedAfterTheRestart() throws Exception {
        MotoServer moto = DriverMoto.get();
        String port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        karaf = new HavenProcess("kill-test", port, PASSWORD, "io.haven.core.cfg:maxPollIntervalSeconds", "1");

        Ec2Client ec2 = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String volumeA = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
        String volumeB = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();

        try (StallingProxy proxy = new StallingProxy(moto.endpoint())) {
            // First only the DR region's snapshots stay pending: a backup succeeds and its DR copy waits there.
            proxy.stallOnly(DR_REGION);
            karaf.start();
            HavenClient api = HavenClient.asRoot(PASSWORD);
            waitFor("Haven answers", Duration.ofMinutes(3), () -> api.get("/policies").status() == 200);

            long account = api.post("/accounts", Map.of("name", "emulator", "authMethod", "ACCESS_KEYS",
                    "accessKeyId", "test", "secretAccessKey", "test", "endpoint", proxy.endpoint())).json().get("id").asLong();
            // An instance backed up now, whose recovery into a second backup account is killed later (decision 0054)
            String instance = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                    .maxCount(1).placement(p -> p.availabilityZone("us-east-1a"))).instances().get(0).instanceId();
            long instancePolicy = api.post("/policies", Map.of("name", "instance", "accountId", account,
                    "generations", 2)).json().get("id").asLong();
            assertEquals(201, api.post("/policies/" + instancePolicy + "/targets", Map.of("type", "ec2-instance",
                    "region", "us-east-1", "resourceId", instance)).status());
            long instanceBackup = api.post("/policies/" + instancePolicy + "/run", "").json().get("backupId").asLong();
            HavenClient.Response stagingAccount = api.post("/accounts", Map.of("name", "staging",
                    "authMethod", "ASSUME_ROLE", "viaAccountId", account, "roleAccountNumber", STAGING_AWS,
                    "roleName", "HavenStaging", "externalId", "haven-kill-ext", "endpoint", proxy.endpoint()));
            assertEquals(stagingAccount.body(), 201, stagingAccount.status());
            long staging = stagingAccount.json().get("id").asLong();
            long copied = api.post("/policies", Map.of("name", "copied", "accountId", account, "generations", 2,
                    "dr", Map.of("enabled", true, "regions", List.of(DR_REGION)))).json().get("id").asLong();
            String drVolume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
            assertEquals(201, api.post("/policies/" + copied + "/targets", Map.of("type", "ebs-volume",
                    "region", "us-east-1", "resourceId", drVolume)).status());
            long drBackup = api.post("/policies/" + copied + "/run", "").json().get("backupId").asLong();
            waitFor("the backup succeeds and its DR copy is made and pending", Duration.ofSeconds(60), () -> {
                JsonNode copies = api.get("/backups/" + drBackup + "/dr-copies").json();
                return "SUCCESSFUL".equals(api.get("/backups/" + drBackup).json().path("status").asText())
                        && copies.size() == 1 && "PENDING".equals(copies.get(0).path("state").asText());
            });
            assertEquals("IN_PROGRESS", api.get("/backups/" + drBackup).json().get("drStatus").asText());
            waitFor("the instance's backup succeeds", Duration.ofSeconds(60), () -> "SUCCESSFUL".equals(
                    api.get("/backups/" + instanceBackup).json().path("status").asText()));
            List<String> instanceSnapshots = new java.util.ArrayList<>();
            api.get("/backups/" + instanceBackup + "/snapshots").json()
                    .forEach(s -> instanceSnapshots.add(s.get("awsId").asText()));
            String drCopy = api.get("/backups/" + drBackup + "/dr-copies").json().get(0).get("awsId").asText();
            proxy.stall(true);
            // The instance recovered into the staging account: its copies of the shared snapshots stay pending
            long recovery = api.post("/backups/" + instanceBackup + "/recovery", Map.of("key", instance,
                    "targetAccountId", staging, "choices", Map.of("zone", "us-east-1a"))).json().get("id").asLong();
            waitFor("the recovery waits for its snapshot copies", Duration.ofSeconds(60), () -> {
                int copies = 0;
                for (JsonNode r : api.get("/recoveries/" + recovery + "/resources").json()) {
                    copies += "snapshot".equals(r.get("kind").asText()) ? 1 : 0;
                }
                return copies == instanceSnapshots.size();
            });
            long schedule = api.post("/schedules", Map.of("name", "daily", "every", 1, "unit", "DAYS",
                    "start", Instant.now().plus(Duration.ofHours(5)).toString())).json().get("id").asLong();
            long policy = api.post("/policies", Map.of("name", "killed", "accountId", account, "generations", 2,
                    "scheduleIds", List.of(schedule))).json().get("id").asLong();
            for (String volume : List.of(volumeA, volumeB)) {
                assertEquals(201, api.post("/policies/" + policy + "/targets", Map.of("type", "ebs-volume",
                        "region", "us-east-1", "resourceId", volume)).status());
            }
            // A policy whose backup fails (its volume was deleted) and whose retry is due a minute later,
            // after the kill: the retry is recorded with the backup and must survive.
            long retried = api.post("/policies", Map.of("name", "retried", "accountId", account, "generations", 2,
                    "retries", 1, "retryWaitMinutes", 1)).json().get("id").asLong();
            String vanished = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
            assertEquals(201, api.post("/policies/" + retried + "/targets", Map.of("type", "ebs-volume",
                    "region", "us-east-1", "resourceId", vanished)).status());
            ec2.deleteVolume(r -> r.volumeId(vanished));
            long failed = api.post("/policies/" + retried + "/run", "").json().get("backupId").asLong();
            waitFor("the failing backup ends and its retry is due", Duration.ofSeconds(60),
                    () -> api.get("/backups/" + failed + "/log").body().contains("Retry 1 of 1 in 1 minutes"));

            long backup = api.post("/policies/" + policy + "/run", "").json().get("backupId").asLong();
            waitFor("both snapshots are recorded and pending", Duration.ofSeconds(60), () -> {
                JsonNode snapshots = api.get("/backups/" + backup + "/snapshots").json();
                return snapshots.size() == 2 && api.get("/backups/" + backup + "/log").body().contains("targets handled");
            });
            assertEquals("IN_PROGRESS", api.get("/backups/" + backup).json().get("status").asText());

            // A policy of three volumes whose run is killed while it starts the second: the CreateSnapshot
            // call is held, and forwarded to AWS only after the kill, so its snapshot exists but its answer
            // is lost with the process. The third volume was never started.
            long started = api.post("/policies", Map.of("name", "interrupted", "accountId", account, "generations", 2,
                    "scheduleIds", List.of(schedule))).json().get("id").asLong();
            List<String> interruptedVolumes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
                interruptedVolumes.add(volume);
                assertEquals(201, api.post("/policies/" + started + "/targets", Map.of("type", "ebs-volume",
                        "region", "us-east-1", "resourceId", volume)).status());
            }
            proxy.holdCreateSnapshotAfter(1);
            long interrupted = api.post("/policies/" + started + "/run", "").json().get("backupId").asLong();
            waitFor("the second volume's snapshot is being made", Duration.ofSeconds(60), proxy::holding);

            karaf.kill();
            proxy.release();
            proxy.stall(false);
            karaf.start();

            waitFor("the killed run is finished after the restart", Duration.ofMinutes(3), () -> {
                JsonNode status = api.get("/backups/" + backup).json();
                return status != null && "SUCCESSFUL".equals(status.path("status").asText());
            });
            JsonNode snapshots = api.get("/backups/" + backup + "/snapshots").json();
            assertEquals(2, snapshots.size());
            snapshots.forEach(s -> assertEquals("COMPLETED", s.get("state").asText()));
            assertEquals("every snapshot in the emulator is recorded exactly once", 2,
                    BackupFlowIT.snapshotsOf(ec2, backup).size());
            assertTrue(api.get("/backups/" + backup + "/log").body().contains("Haven stopped while this backup was in progress"));

            waitFor("the interrupted run is resumed and finished", Duration.ofMinutes(3), () -> {
                JsonNode status = api.get("/backups/" + interrupted).json();
                return status != null && !"IN_PROGRESS".equals(status.path("status").asText());
            });
            String log = api.get("/backups/" + interrupted + "/log").body();
            assertEquals(log, "SUCCESSFUL", api.get("/backups/" + interrupted).json().get("status").asText());
            // The three volumes are started as one batch (issue 13), recorded when the batch's call ends: the kill
            // lost that, so all three are resumed, and the two snapshots AWS made are found and adopted.
            assertTrue(log, log.contains("resuming the 3 targets left"));
            assertEquals(log, 2, log.split("adopted instead of making another", -1).length - 1);
            List<software.amazon.awssdk.services.ec2.model.Snapshot> made = BackupFlowIT.snapshotsOf(ec2, interrupted);
            assertEquals("one snapshot per volume, the lost answer's adopted: " + log, new java.util.HashSet<>(interruptedVolumes),
                    new java.util.HashSet<>(made.stream().map(s -> s.volumeId()).toList()));
            assertEquals(log, 3, made.size());
            assertEquals(log, 3, api.get("/backups/" + interrupted + "/snapshots").json().size());

            waitFor("the recovery killed while it waited for its copies ends", Duration.ofMinutes(3),
                    () -> !"IN_PROGRESS".equals(api.get("/recoveries/" + recovery).json().path("status").asText()));
            String recoveryLog = api.get("/recoveries/" + recovery + "/log").body();
            assertEquals(recoveryLog, "SUCCESSFUL", api.get("/recoveries/" + recovery).json().get("status").asText());
            assertTrue(recoveryLog, recoveryLog.contains("Going on with snapshot copy"));
            Map<String, List<String>> recovered = new java.util.HashMap<>();
            api.get("/recoveries/" + recovery + "/resources").json().forEach(r -> recovered.computeIfAbsent(
                    r.get("kind").asText() + ":" + r.get("state").asText(), k -> new java.util.ArrayList<>())
                    .add(r.get("awsId").asText()));
            assertEquals(recovered.toString(), instanceSnapshots.size(), recovered.get("snapshot:REMOVED").size());
            assertEquals(recovered.toString(), 1, recovered.get("ami:REMOVED").size());
            assertEquals("one copy per snapshot, none made again after the restart", instanceSnapshots.size(),
                    proxy.requests("CopySnapshot").stream().filter(body -> instanceSnapshots.stream()
                            .anyMatch(body::contains)).count());
            Ec2Client stagingEc2 = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.putHeader("x-moto-account-id", STAGING_AWS))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            String launched = recovered.get("instance:READY").get(0);
            assertEquals(recovered.get("ami:REMOVED").get(0), stagingEc2.describeInstances(r -> r.instanceIds(launched))
                    .reservations().get(0).instances().get(0).imageId());
            software.amazon.awssdk.services.ec2.model.Filter ofRecovery = software.amazon.awssdk.services.ec2.model
                    .Filter.builder().name("tag:haven:recovery-of").values(instance).build();
            assertEquals("the temporary copies are gone", List.of(), stagingEc2.describeSnapshots(r -> r.ownerIds("self")
                    .filters(ofRecovery)).snapshots());
            assertEquals("the temporary AMI is gone", List.of(), stagingEc2.describeImages(r -> r.owners("self")
                    .filters(ofRecovery)).images());

            waitFor("the retry that was due runs after the restart", Duration.ofMinutes(3), () -> {
                for (JsonNode b : api.get("/backups?policyId=" + retried).json().get("items")) {
                    if ("RETRY".equals(b.get("trigger").asText()) && !"IN_PROGRESS".equals(b.get("status").asText())) {
                        return b.get("attempt").asInt() == 2;
                    }
                }
                return false;
            });
            assertTrue(api.get("/backups/" + failed + "/log").body().contains("Haven restarted; the retry due at"));

            waitFor("the DR that was waiting completes after the restart", Duration.ofMinutes(2),
                    () -> "COMPLETED".equals(api.get("/backups/" + drBackup).json().path("drStatus").asText()));
            JsonNode copies = api.get("/backups/" + drBackup + "/dr-copies").json();
            assertEquals(copies.toString(), 1, copies.size());
            assertEquals("the copy started before the kill, not another", drCopy, copies.get(0).get("awsId").asText());
            assertEquals("COMPLETED", copies.get(0).get("state").asText());
            Ec2Client dr = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                    .region(Region.of(DR_REGION)).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            assertEquals("one copy in the DR region, none made twice", List.of(drCopy),
                    BackupFlowIT.snapshotsOf(dr, drBackup).stream().map(s -> s.snapshotId()).toList());
        }
    }

    private static void waitFor(String description, Duration timeout, Supplier<Boolean> condition) {
        HavenTestSupport.eventually(description, timeout, condition);
    }
}
