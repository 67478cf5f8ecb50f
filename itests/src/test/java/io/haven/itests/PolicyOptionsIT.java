package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The policy options of guide 4.2 and 8 through the real distribution against the emulator: backup
 * scripts (real scripts, exit codes, arguments, timeouts, stderr), the success criterion, retries,
 * auto target removal, failure alerts, the freezer, policy deletion, disabled policies and stopped
 * instances.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PolicyOptionsIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    /** Built on first use: the class is also instantiated outside the container, where there is no emulator. */
    private Ec2Client ec2;

    private Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = Emulator.ec2(REGION);
        }
        return ec2;
    }

    /** Housekeeping every minute, so that the records of deleted backups are forgotten within the test (guide 15.6.3). */
    @Override
    protected java.util.Map<String, String> coreSettings() {
        return java.util.Map.of("housekeepingIntervalMinutes", "1", "deletedRecordRetentionDays", "0");
    }

    @Test
    public void scriptsRunWithTheGuidesArgumentsAndAFailedScriptMakesAPartialBackupThatIsRetried() throws IOException {
        Path marks = Files.createTempDirectory("haven-it-marks");
        script("before_appdb.sh", "echo 'tables locked' >&2\nexit 0");
        script("after_appdb_v2.sh", "echo \"$1\" > " + marks.resolve("after"));
        script("complete_appdb.py", "echo \"$1\" > " + marks.resolve("complete"));
        HavenClient api = rest();
        long policyId = policy(api, "appdb", Map.of("retries", 1, "retryWaitMinutes", 0,
                "scripts", Map.of("enabled", true, "timeoutSeconds", 10, "collectOutput", true)), volume());

        JsonNode ok = runToEnd(api, policyId);
        assertEquals(ok.toString(), "SUCCESSFUL", ok.get("status").asText());
        JsonNode runs = api.get("/backups/" + ok.get("id").asLong() + "/scripts").json();
        assertEquals(runs.toString(), 3, runs.size());
        assertEquals("before_appdb.sh", runs.get(0).get("script").asText());
        assertEquals("tables locked\n", runs.get(0).get("stderr").asText());
        assertEquals("1", runs.get(1).get("argument").asText());
        assertEquals("after_appdb_v2.sh", runs.get(1).get("script").asText());
        assertEquals("1\n", Files.readString(marks.resolve("after")));
        assertEquals("1\n", Files.readString(marks.resolve("complete")));

        script("before_appdb.sh", "echo 'cannot lock tables' >&2\nexit 4");
        JsonNode partial = runToEnd(api, policyId);
        assertEquals("PARTIALLY_SUCCESSFUL", partial.get("status").asText());
        assertTrue(partial.get("message").asText(), partial.get("message").asText().contains("backup scripts failed"));
        JsonNode before = api.get("/backups/" + partial.get("id").asLong() + "/scripts").json().get(0);
        assertEquals("FAILED", before.get("outcome").asText());
        assertEquals(4, before.get("exitCode").asInt());
        assertEquals("0\n", Files.readString(marks.resolve("after")));
        assertEquals("0\n", Files.readString(marks.resolve("complete")));
        eventually("the partial backup is retried and the retry ends", Duration.ofSeconds(60), () -> {
            for (JsonNode b : api.get("/backups?policyId=" + policyId).json().get("items")) {
                if ("RETRY".equals(b.get("trigger").asText()) && !"IN_PROGRESS".equals(b.get("status").asText())) {
                    return b.get("attempt").asInt() == 2;
                }
            }
            return false;
        });
    }

    @Test
    public void aHangingScriptIsKilledAtItsTimeoutAndSnapshotsSucceedToleratesIt() throws IOException {
        script("before_slowdb", "sleep 60");
        script("after_slowdb", "exit 0");
        script("complete_slowdb", "exit 0");
        HavenClient api = rest();
        String volume = volume();
        long strict = policy(api, "slowdb", Map.of("retries", 0,
                "scripts", Map.of("enabled", true, "timeoutSeconds", 1)), volume);
        JsonNode backup = runToEnd(api, strict);
        assertEquals("PARTIALLY_SUCCESSFUL", backup.get("status").asText());
        JsonNode before = api.get("/backups/" + backup.get("id").asLong() + "/scripts").json().get(0);
        assertEquals("TIMED_OUT", before.get("outcome").asText());
        assertTrue(before.get("stderr").isNull());

        long lenient = policy(api, "noscripts", Map.of("retries", 0, "successCriterion", "SNAPSHOTS_SUCCEED",
                "scripts", Map.of("enabled", true)), volume);
        JsonNode tolerated = runToEnd(api, lenient);
        assertEquals("SUCCESSFUL", tolerated.get("status").asText());
        JsonNode runs = api.get("/backups/" + tolerated.get("id").asLong() + "/scripts").json();
        runs.forEach(run -> assertEquals("MISSING", run.get("outcome").asText()));

        HavenClient.Response zero = api.post("/policies", Map.of("name", "zero", "accountId", accountOf(api, strict),
                "generations", 1, "scripts", Map.of("enabled", true, "timeoutSeconds", 0)));
        assertEquals(400, zero.status());
        assertEquals("scripts.timeoutSeconds", zero.json().get("field").asText());
    }

    @Test
    public void vanishedResourcesAreRemovedWhenAskedAndRepeatedFailuresRaiseOneAlert() {
        HavenClient api = rest();
        String kept = volume();
        String doomed = volume();
        long tidy = policy(api, "tidy", Map.of("autoRemoveTargets", "YES_AND_ALERT", "retries", 0), kept, doomed);
        long strict = policy(api, "strict", Map.of("failuresToAlert", 2, "retries", 0), doomed);
        ec2().deleteVolume(r -> r.volumeId(doomed));

        JsonNode tidied = runToEnd(api, tidy);
        assertEquals("SUCCESSFUL", tidied.get("status").asText());
        JsonNode targets = api.get("/policies/" + tidy + "/targets").json();
        assertEquals(1, targets.size());
        assertEquals(kept, targets.get(0).get("resourceId").asText());
        boolean warned = false;
        for (JsonNode line : api.get("/backups/" + tidied.get("id").asLong() + "/log").json()) {
            warned |= "WARNING".equals(line.get("level").asText()) && line.get("message").asText().contains(doomed);
        }
        assertTrue("the removal is a warning in the log", warned);

        assertEquals("FAILED", runToEnd(api, strict).get("status").asText());
        assertFalse(api.get("/alerts").body().contains("strict"));
        long second = runToEnd(api, strict).get("id").asLong();
        assertEquals(1, api.get("/policies/" + strict + "/targets").json().size());
        runToEnd(api, strict);
        List<JsonNode> alerts = new ArrayList<>();
        api.get("/alerts").json().forEach(a -> {
            if ("strict".equals(a.get("policyName").asText())) {
                alerts.add(a);
            }
        });
        assertEquals(alerts.toString(), 1, alerts.size());
        assertEquals(second, alerts.get(0).get("backupId").asLong());
        assertTrue(shell("haven:alert-list"), shell("haven:alert-list").contains("strict"));
    }

    @Test
    public void theFreezerKeepsABackupThroughRetentionAndPolicyDeletionUntilDeletedExplicitly() {
        HavenClient api = rest();
        String volume = volume();
        long policyId = policy(api, "keeper", Map.of("generations", 1), volume);
        long golden = runToEnd(api, policyId).get("id").asLong();
        String name = "golden-" + System.nanoTime();
        HavenClient.Response frozen = api.post("/backups/" + golden + "/freeze",
                Map.of("name", name, "description", "Before the upgrade"));
        assertEquals(frozen.body(), 200, frozen.status());
        assertEquals(name, frozen.json().get("frozen").get("name").asText());

        long second = runToEnd(api, policyId).get("id").asLong();
        assertEquals(409, api.post("/backups/" + second + "/freeze", Map.of("name", name)).status());
        long third = runToEnd(api, policyId).get("id").asLong();
        eventually("retention deletes the second backup's snapshot", Duration.ofSeconds(30),
                () -> snapshotsOf(second).isEmpty());
        assertEquals(1, snapshotsOf(golden).size());
        assertEquals(1, snapshotsOf(third).size());

        JsonNode found = api.get("/backups?frozen=true&q=UPGRADE").json().get("items");
        assertEquals(found.toString(), 1, found.size());
        assertEquals(golden, found.get(0).get("id").asLong());
        assertTrue(shell("haven:backup-list --frozen --search upgrade").contains(name));

        HavenClient.Response refused = api.delete("/policies/" + policyId);
        assertEquals(409, refused.status());
        assertTrue(refused.body(), refused.json().get("detail").asText().contains("1 backups outside the freezer"));
        assertEquals(200, api.get("/policies/" + policyId).status());
        HavenClient.Response deleted = api.delete("/policies/" + policyId + "?deleteBackups=true");
        assertEquals(deleted.body(), 200, deleted.status());
        assertEquals(1, deleted.json().get("backupsDeleted").asInt());
        eventually("the third backup's snapshot goes with its policy", Duration.ofSeconds(30),
                () -> snapshotsOf(third).isEmpty());
        assertEquals(1, snapshotsOf(golden).size());
        assertEquals(name, api.get("/backups/" + golden).json().get("frozen").get("name").asText());

        // A frozen backup is recovered like any other, even after its policy is gone.
        HavenClient.Response recovery = api.post("/backups/" + golden + "/recovery", Map.of("key", volume));
        assertEquals(recovery.body(), 202, recovery.status());
        long recoveryId = recovery.json().get("id").asLong();
        eventually("the recovery from the frozen backup succeeds", Duration.ofSeconds(60),
                () -> "SUCCESSFUL".equals(api.get("/recoveries/" + recoveryId).json().get("status").asText()));

        HavenClient.Response gone = api.delete("/backups/" + golden);
        assertEquals(gone.body(), 200, gone.status());
        assertFalse(gone.json().get("deleted").isNull());
        assertTrue(snapshotsOf(golden).isEmpty());
        eventually("housekeeping forgets the deleted backup's record after deletedRecordRetentionDays (0)",
                Duration.ofSeconds(150), () -> api.get("/backups/" + golden).status() == 404);
    }

    @Test
    public void disabledPoliciesDoNotRunAndStoppedInstancesAreBackedUp() {
        HavenClient api = rest();
        String instance = ec2().runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        ec2().stopInstances(r -> r.instanceIds(instance));
        long stopped = policy(api, "stopped", Map.of(), new String[0]);
        assertEquals(201, api.post("/policies/" + stopped + "/targets", Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instance)).status());
        JsonNode backup = runToEnd(api, stopped);
        assertEquals("SUCCESSFUL", backup.get("status").asText());
        assertFalse(snapshotsOf(backup.get("id").asLong()).isEmpty());

        long accountId = accountOf(api, stopped);
        long every = api.post("/schedules", Map.of("name", "minutely-" + System.nanoTime(), "every", 1, "unit", "MINUTES",
                "start", Instant.now().minusSeconds(45).toString())).json().get("id").asLong();
        String volume = volume();
        long on = schedulePolicy(api, accountId, "on", true, every, volume);
        long off = schedulePolicy(api, accountId, "off", false, every, volume);
        eventually("the enabled policy runs by schedule", Duration.ofSeconds(150), () -> {
            for (JsonNode b : api.get("/backups?policyId=" + on).json().get("items")) {
                if ("SCHEDULE".equals(b.get("trigger").asText()) && !"IN_PROGRESS".equals(b.get("status").asText())) {
                    return true;
                }
            }
            return false;
        });
        assertEquals(0, api.get("/backups?policyId=" + off).json().get("total").asInt());
    }

    @Test
    public void aPolicyHoldsAtMostOneHundredDynamoDbTables() {
        DynamoDbClient dynamo = Emulator.client(DynamoDbClient.builder(), REGION);
        HavenClient api = rest();
        long policyId = policy(api, "tables", Map.of());
        String prefix = "t" + Long.toString(System.nanoTime() % 1_000_000L, 36) + "-";
        for (int i = 1; i <= 101; i++) {
            String name = prefix + i;
            dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S)));
            HavenClient.Response added = api.post("/policies/" + policyId + "/targets", Map.of("type", "dynamodb-table",
                    "region", REGION, "resourceId", name));
            if (i <= 100) {
                assertEquals(added.body(), 201, added.status());
            } else {
                assertEquals(added.body(), 400, added.status());
                assertEquals("type", added.json().get("field").asText());
                assertTrue(added.body(), added.json().get("detail").asText().contains("at most 100"));
            }
        }
        assertEquals(100, api.get("/policies/" + policyId + "/targets").json().size());
    }

    private long schedulePolicy(HavenClient api, long accountId, String name, boolean enabled, long scheduleId,
                                String volume) {
        long id = api.post("/policies", Map.of("name", name, "accountId", accountId, "generations", 3,
                "enabled", enabled, "scheduleIds", List.of(scheduleId))).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + id + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        return id;
    }

    /** A policy with the given options on a fresh emulator account, backing up the given volumes. */
    private long policy(HavenClient api, String name, Map<String, Object> options, String... volumes) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "accountId", addEmulatorAccount(api),
                "generations", 3));
        body.putAll(options);
        HavenClient.Response created = api.post("/policies", body);
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();
        for (String volume : volumes) {
            HavenClient.Response target = api.post("/policies/" + id + "/targets", Map.of("type", "ebs-volume",
                    "region", REGION, "resourceId", volume));
            assertEquals(target.body(), 201, target.status());
        }
        return id;
    }

    private static long accountOf(HavenClient api, long policyId) {
        return api.get("/policies/" + policyId).json().get("accountId").asLong();
    }

    private String volume() {
        return ec2().createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
    }

    private List<String> snapshotsOf(long backupId) {
        List<String> ids = new ArrayList<>();
        ec2().describeSnapshots(r -> r.filters(Filter.builder().name("tag:haven:backup-id").values(String.valueOf(backupId))
                .build())).snapshots().forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }

    /** Writes an executable script into Haven's scripts folder, as a user would over SSH. */
    private static void script(String name, String body) throws IOException {
        Path folder = Path.of(System.getProperty("karaf.data"), "haven", "scripts");
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
