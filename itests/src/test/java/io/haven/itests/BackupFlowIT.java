package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The foundation's slice end to end, through the REST API over HTTPS: an account against the emulator,
 * discovery, a schedule, a policy with an EC2 instance and an EBS volume, backups on demand, tagged
 * snapshots checked in the emulator, retention past the generation count, and a schedule that fires
 * on its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class BackupFlowIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final String SECRET = "s3cr3t-Never-Shown";

    @Test
    public void policyBacksUpInstancesAndVolumesAndKeepsItsGenerations() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String instanceId = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        String zone = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .placement().availabilityZone();
        String dataVolume = ec2.createVolume(r -> r.availabilityZone(zone).size(5)).volumeId();
        ec2.attachVolume(r -> r.volumeId(dataVolume).instanceId(instanceId).device("/dev/sdf"));
        String looseVolume = ec2.createVolume(r -> r.availabilityZone(zone).size(3)
                .tagSpecifications(t -> t.resourceType("volume").tags(Tag.builder().key("Name").value("loose").build())))
                .volumeId();

        HavenClient api = rest();
        long accountId = addAccount(api);

        JsonNode instances = api.get("/accounts/" + accountId + "/resources?type=ec2-instance&region=" + REGION).json();
        assertTrue("discovery lists the instance", instances.toString().contains(instanceId));
        JsonNode volumes = api.get("/accounts/" + accountId + "/resources?type=ebs-volume&region=" + REGION).json();
        assertTrue("discovery lists the loose volume", volumes.toString().contains(looseVolume));

        long scheduleId = api.post("/schedules", Map.of("name", "hourly", "every", 1, "unit", "HOURS",
                "start", Instant.now().plus(Duration.ofMinutes(30)).toString())).json().get("id").asLong();
        HavenClient.Response created = api.post("/policies", Map.of("name", "web", "accountId", accountId,
                "generations", 2, "scheduleIds", List.of(scheduleId)));
        assertEquals(created.body(), 201, created.status());
        long policyId = created.json().get("id").asLong();
        assertEquals(3, created.json().get("retries").asInt());

        HavenClient.Response bad = api.post("/policies", Map.of("name", "bad", "accountId", accountId, "generations", -1));
        assertEquals(400, bad.status());
        assertEquals("generations", bad.json().get("field").asText());
        assertEquals(1, api.get("/policies").json().size());

        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instanceId)).status());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", looseVolume)).status());
        HavenClient.Response missing = api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume",
                "region", REGION, "resourceId", "vol-0123456789abcdef0"));
        assertEquals(400, missing.status());
        assertEquals(2, api.get("/policies/" + policyId + "/targets").json().size());

        long first = runAndWait(api, policyId);
        JsonNode snapshots = api.get("/backups/" + first + "/snapshots").json();
        assertEquals(snapshots.toString(), 3, snapshots.size());
        Set<String> devices = new HashSet<>();
        snapshots.forEach(s -> devices.add(s.path("device").asText()));
        assertTrue(devices.toString(), devices.contains("/dev/sdf") && devices.contains("/dev/sda1"));

        List<Snapshot> inEmulator = snapshotsOf(ec2, first);
        assertEquals(3, inEmulator.size());
        for (Snapshot snapshot : inEmulator) {
            Map<String, String> tags = new LinkedHashMap<>();
            snapshot.tags().forEach(t -> tags.put(t.key(), t.value()));
            assertEquals("web", tags.get("haven:policy"));
            assertTrue(snapshot.description(), snapshot.description().contains("web"));
        }
        String log = api.get("/backups/" + first + "/log").body();
        assertTrue(log, log.contains("Completed"));

        long second = runAndWait(api, policyId);
        assertEquals(3, snapshotsOf(ec2, first).size());
        long third = runAndWait(api, policyId);
        eventually("retention removes the oldest generation's snapshots and records it", Duration.ofSeconds(30), () -> {
            boolean recorded = true;
            for (JsonNode s : api.get("/backups/" + first + "/snapshots").json()) {
                recorded &= "DELETED".equals(s.get("state").asText());
            }
            return recorded && snapshotsOf(ec2, first).isEmpty();
        });
        assertEquals(3, snapshotsOf(ec2, second).size());
        assertEquals(3, snapshotsOf(ec2, third).size());

        JsonNode page = api.get("/backups?policyId=" + policyId + "&status=SUCCESSFUL&sort=started&order=asc&page=0&size=2").json();
        assertEquals(3, page.get("total").asInt());
        assertEquals(2, page.get("items").size());
        assertEquals(first, page.get("items").get(0).get("id").asLong());
    }

    @Test
    public void aScheduleFiresOnItsOwn() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        HavenClient api = rest();
        long accountId = addAccount(api);
        // Every minute, aligned so that the next run comes about 15 seconds from now.
        Instant start = Instant.now().minusSeconds(45);
        long scheduleId = api.post("/schedules", Map.of("name", "every-minute", "every", 1, "unit", "MINUTES",
                "start", start.toString())).json().get("id").asLong();
        long policyId = api.post("/policies", Map.of("name", "scheduled", "accountId", accountId, "generations", 5,
                "scheduleIds", List.of(scheduleId))).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());

        eventually("a scheduled backup of the policy succeeds", Duration.ofSeconds(150), () -> {
            JsonNode items = api.get("/backups?policyId=" + policyId).json().get("items");
            for (JsonNode item : items) {
                if ("SCHEDULE".equals(item.get("trigger").asText()) && "SUCCESSFUL".equals(item.get("status").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    private long addAccount(HavenClient api) {
        String name = "emulator-" + System.nanoTime();
        HavenClient.Response refused = api.post("/accounts", Map.of("name", name, "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", SECRET, "endpoint", "http://127.0.0.1:1"));
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("credentials", refused.json().get("field").asText());
        assertFalse(refused.body().contains(SECRET));

        HavenClient.Response created = api.post("/accounts", Map.of("name", name, "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", SECRET, "endpoint", Emulator.endpoint()));
        assertEquals(created.body(), 201, created.status());
        assertEquals("123456789012", created.json().get("awsAccountId").asText());
        assertFalse("the secret is never returned", created.body().contains(SECRET));
        assertFalse(api.get("/accounts").body().contains(SECRET));
        return created.json().get("id").asLong();
    }

    private long runAndWait(HavenClient api, long policyId) {
        HavenClient.Response run = api.post("/policies/" + policyId + "/run", "");
        assertEquals(run.body(), 202, run.status());
        long backupId = run.json().get("backupId").asLong();
        assertNotNull(run.header("Location"));
        eventually("backup " + backupId + " finishes", Duration.ofSeconds(60),
                () -> !"IN_PROGRESS".equals(api.get("/backups/" + backupId).json().get("status").asText()));
        JsonNode backup = api.get("/backups/" + backupId).json();
        assertEquals(api.get("/backups/" + backupId + "/log").body(), "SUCCESSFUL", backup.get("status").asText());
        return backupId;
    }

    static List<Snapshot> snapshotsOf(Ec2Client ec2, long backupId) {
        return ec2.describeSnapshots(r -> r.filters(Filter.builder().name("tag:haven:backup-id")
                .values(String.valueOf(backupId)).build())).snapshots();
    }
}
