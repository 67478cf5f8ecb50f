package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Disaster recovery across regions of one account (guide 10) through the real distribution against the emulator:
 * a policy with an EBS volume, an EC2 instance and an RDS database copied to another region, DR every 2 backups,
 * and deletion of the copies with their backup.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class DrIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final String DR_REGION = "us-west-2";

    @Test
    public void backupsAreCopiedToTheDrRegionEveryNthAndTheCopiesGoWithTheirBackup() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        Ec2Client dr = Emulator.ec2(DR_REGION);
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        String instance = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();
        RdsClient rds = Emulator.client(RdsClient.builder(), REGION);
        RdsClient drRds = Emulator.client(RdsClient.builder(), DR_REGION);
        String database = "drdb" + (System.nanoTime() % 100_000);
        rds.createDBInstance(b -> b.dbInstanceIdentifier(database).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(5).masterUsername("admin").masterUserPassword("secret-password"));
        HavenClient api = rest();

        HavenClient.Response refused = api.post("/policies", Map.of("name", "dr-bad", "accountId",
                addEmulatorAccount(api), "generations", 3, "dr", Map.of("enabled", true, "regions", List.of())));
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("dr.regions", refused.json().get("field").asText());

        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "dr-flow", "accountId", addEmulatorAccount(api),
                "generations", 3, "dr", Map.of("enabled", true, "everyBackups", 2, "regions", List.of(DR_REGION),
                        "timeoutHours", 2)));
        HavenClient.Response created = api.post("/policies", body);
        assertEquals(created.body(), 201, created.status());
        long policyId = created.json().get("id").asLong();
        assertEquals(2, created.json().get("dr").get("everyBackups").asInt());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instance)).status());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "rds-instance", "region", REGION,
                "resourceId", database)).status());

        JsonNode first = runToEnd(api, policyId);
        assertEquals(first.toString(), "SUCCESSFUL", first.get("status").asText());
        long firstId = first.get("id").asLong();
        eventually("DR of the first backup completes", Duration.ofSeconds(90),
                () -> "COMPLETED".equals(api.get("/backups/" + firstId).json().get("drStatus").asText()));

        JsonNode snapshots = api.get("/backups/" + firstId + "/snapshots").json();
        JsonNode copies = api.get("/backups/" + firstId + "/dr-copies").json();
        assertEquals(copies.toString(), snapshots.size(), copies.size());
        Map<String, String> copyOf = new HashMap<>();
        for (JsonNode copy : copies) {
            assertEquals("COMPLETED", copy.get("state").asText());
            assertEquals(DR_REGION, copy.get("region").asText());
            assertEquals(REGION, copy.get("sourceRegion").asText());
            copyOf.put(copy.get("awsId").asText(), copy.get("sourceAwsId").asText());
        }
        Map<String, Map<String, String>> inDr = new HashMap<>();
        for (Snapshot s : drSnapshotsOf(dr, firstId)) {
            Map<String, String> tags = new HashMap<>();
            s.tags().forEach(t -> tags.put(t.key(), t.value()));
            inDr.put(s.snapshotId(), tags);
        }
        List<String> dbCopies = dbSnapshotsIn(drRds, database);
        assertEquals(dbCopies.toString(), 1, dbCopies.size());
        assertEquals(copyOf.toString(), inDr.size() + 1, copyOf.size());
        assertTrue(copyOf.containsKey(dbCopies.get(0)));
        copyOf.keySet().retainAll(inDr.keySet());
        assertEquals(inDr.toString(), copyOf.keySet(), inDr.keySet());
        inDr.forEach((id, tags) -> {
            assertEquals(copyOf.get(id), tags.get("haven:copy-of"));
            assertEquals("dr-flow", tags.get("haven:policy"));
        });
        assertTrue(logOf(api, firstId).stream().anyMatch(m -> m.startsWith("DR completed")));

        // Recovery from the DR region (guide 10.5): the panel offers it, blanks the origin's zone, and the volume is
        // recovered there from its copy; a region without copies is refused naming the field
        JsonNode originPanel = api.get("/backups/" + firstId + "/recovery").json();
        assertEquals(originPanel.toString(), DR_REGION, originPanel.get("drRegions").get(0).asText());
        HavenClient.Response nowhere = api.get("/backups/" + firstId + "/recovery?region=eu-west-1");
        assertEquals(nowhere.body(), 400, nowhere.status());
        assertEquals("region", nowhere.json().get("field").asText());
        JsonNode drPanel = api.get("/backups/" + firstId + "/recovery?region=" + DR_REGION).json();
        assertEquals(DR_REGION, drPanel.get("region").asText());
        JsonNode volumeItem = element(drPanel.get("recoverables"), "resourceId", volume);
        assertEquals(DR_REGION, volumeItem.get("region").asText());
        assertTrue(volumeItem.toString(), option(volumeItem, "zone").get("defaultValue").isNull());
        assertTrue(option(volumeItem, "zone").get("regionBound").asBoolean());
        HavenClient.Response recovering = api.post("/backups/" + firstId + "/recovery", Map.of("key",
                volumeItem.get("key").asText(), "region", DR_REGION, "choices", Map.of("zone", DR_REGION + "a")));
        assertEquals(recovering.body(), 202, recovering.status());
        long recoveryId = recovering.json().get("id").asLong();
        JsonNode recovered = awaitRecovery(api, recoveryId);
        assertEquals(recovered.toString(), "SUCCESSFUL", recovered.get("status").asText());
        assertEquals(DR_REGION, recovered.get("region").asText());
        JsonNode made = api.get("/recoveries/" + recoveryId + "/resources").json().get(0);
        assertEquals(DR_REGION, made.get("region").asText());
        String fromSnapshot = dr.describeVolumes(r -> r.volumeIds(made.get("awsId").asText())).volumes().get(0).snapshotId();
        assertTrue("the new volume comes from the DR copy " + fromSnapshot + ", one of " + copyOf.keySet(),
                copyOf.containsKey(fromSnapshot));
        assertTrue(shell("haven:recovery-panel --region " + DR_REGION + " " + firstId).contains(DR_REGION));

        // The RDS database and the instance are recovered in the DR region from their copies too
        JsonNode dbItem = element(drPanel.get("recoverables"), "resourceId", database);
        assertTrue(option(dbItem, "subnetGroup").get("defaultValue").isNull());
        JsonNode dbRecovered = awaitRecovery(api, api.post("/backups/" + firstId + "/recovery", Map.of("key",
                dbItem.get("key").asText(), "region", DR_REGION, "choices", Map.of())).json().get("id").asLong());
        assertEquals(dbRecovered.toString(), "SUCCESSFUL", dbRecovered.get("status").asText());
        assertEquals(1, drRds.describeDBInstances(b -> b.dbInstanceIdentifier(database + "-recovered")).dbInstances().size());
        JsonNode instanceItem = element(drPanel.get("recoverables"), "resourceId", instance);
        assertTrue(option(instanceItem, "imageId").get("defaultValue").isNull());
        JsonNode launched = awaitRecovery(api, api.post("/backups/" + firstId + "/recovery", Map.of("key",
                instanceItem.get("key").asText(), "region", DR_REGION, "choices", Map.of("zone", DR_REGION + "a")))
                .json().get("id").asLong());
        assertEquals(launched.toString(), "SUCCESSFUL", launched.get("status").asText());
        boolean launchedThere = false;
        for (JsonNode item : api.get("/recoveries/" + launched.get("id").asLong() + "/resources").json()) {
            if (item.get("kind").asText().equals("instance")) {
                String newId = item.get("awsId").asText();
                launchedThere = !dr.describeInstances(r -> r.instanceIds(newId)).reservations().isEmpty();
            }
        }
        assertTrue("the instance runs in " + DR_REGION, launchedThere);
        String shown = shell("haven:backup-show " + firstId);
        assertTrue(shown, shown.contains("COMPLETED") && shown.contains(DR_REGION));
        assertTrue(shell("haven:backup-list --policy dr-flow").contains("COMPLETED"));

        JsonNode second = runToEnd(api, policyId);
        long secondId = second.get("id").asLong();
        assertEquals("SKIPPED", second.get("drStatus").asText());
        assertEquals(0, api.get("/backups/" + secondId + "/dr-copies").json().size());
        assertTrue(drSnapshotsOf(dr, secondId).isEmpty());

        HavenClient.Response deleted = api.delete("/backups/" + firstId);
        assertEquals(deleted.body(), 200, deleted.status());
        assertFalse(deleted.json().get("deleted").isNull());
        assertTrue(drSnapshotsOf(dr, firstId).isEmpty());
        assertTrue(dbSnapshotsIn(drRds, database).isEmpty());
        for (JsonNode copy : api.get("/backups/" + firstId + "/dr-copies").json()) {
            assertEquals("DELETED", copy.get("state").asText());
        }
    }

    private static List<Snapshot> drSnapshotsOf(Ec2Client dr, long backupId) {
        return dr.describeSnapshots(r -> r.filters(Filter.builder().name("tag:haven:backup-id")
                .values(String.valueOf(backupId)).build())).snapshots();
    }

    /** The manual DB snapshots in the client's region whose identifier names the database. */
    private static List<String> dbSnapshotsIn(RdsClient rds, String database) {
        List<String> ids = new ArrayList<>();
        rds.describeDBSnapshots(b -> b.snapshotType("manual")).dbSnapshots().forEach(s -> {
            if (s.dbSnapshotIdentifier().contains(database)) {
                ids.add(s.dbSnapshotIdentifier());
            }
        });
        return ids;
    }

    private static List<String> logOf(HavenClient api, long backupId) {
        List<String> lines = new ArrayList<>();
        api.get("/backups/" + backupId + "/log").json().forEach(l -> lines.add(l.get("message").asText()));
        return lines;
    }
}
