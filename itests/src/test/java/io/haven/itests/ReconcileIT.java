package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.model.BackupTrigger;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.redshift.RedshiftClient;

/**
 * Haven stopped in the middle of a run: the run's record says "in progress", and artifacts it had created
 * (tagged with the run's id, as each plugin tags them) never made it into the record. When Haven starts
 * again it resumes the run while its window is open, adopting what the run made instead of making it
 * again; after the window it keeps what every target made, recorded with its target, and names each
 * target it skips.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ReconcileIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    @Test
    public void aRunInterruptedWithinItsWindowIsResumedAndWhatItMadeIsAdoptedNotMadeAgain() throws Exception {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String first = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(2)).volumeId();
        String second = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(2)).volumeId();
        HavenClient api = rest();
        long accountId = addEmulatorAccount(api);
        long policyId = policy(api, accountId, "crashy");
        for (String volume : List.of(first, second)) {
            addTarget(api, policyId, "ebs-volume", volume);
        }

        // Stop the engine, then leave the state a kill during the run would leave: the run recorded as in
        // progress, and the first volume's snapshot created in AWS, tagged as the EBS plugin tags it, but
        // not recorded.
        Bundle core = bundle("haven-core");
        core.stop();
        long backupId = service(HavenStore.class).backups().start(policyId, accountId, "crashy", BackupTrigger.MANUAL, 1,
                Instant.now()).orElseThrow();
        String orphan = ec2.createSnapshot(r -> r.volumeId(first).tagSpecifications(t -> t.resourceType("snapshot")
                .tags(runTags(backupId, "crashy", "ebs-volume")))).snapshotId();

        core.start();

        JsonNode backup = awaitEnd(api, backupId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        JsonNode artifacts = api.get("/backups/" + backupId + "/snapshots").json();
        assertEquals(artifacts.toString(), 2, artifacts.size());
        assertTrue(artifacts.toString(), awsIds(artifacts).contains(orphan));
        String log = api.get("/backups/" + backupId + "/log").body();
        assertTrue(log, log.contains("resuming the 2 targets left"));
        assertTrue(log, log.contains("Found " + orphan));
        assertEquals("one snapshot per volume", 1, ec2.describeSnapshots(b -> b.filters(
                f -> f.name("volume-id").values(first))).snapshots().size());

        // The policy is usable again: a new run is not blocked by the interrupted one.
        HavenClient.Response run = api.post("/policies/" + policyId + "/run", "");
        assertEquals(run.body(), 202, run.status());
    }

    @Test
    public void afterItsWindowARunKeepsWhatEveryTypeMadeWithItsTargetAndNamesTheTargetItSkips() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        Ec2Client ec2 = Emulator.ec2(REGION);
        RdsClient rds = Emulator.client(RdsClient.builder(), REGION);
        RedshiftClient redshift = Emulator.client(RedshiftClient.builder(), REGION);
        DynamoDbClient dynamo = Emulator.client(DynamoDbClient.builder(), REGION);
        String instance = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(2)).volumeId();
        String database = "orders-" + suffix;
        rds.createDBInstance(b -> b.dbInstanceIdentifier(database).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("secret-password"));
        String aurora = "sales-" + suffix;
        rds.createDBCluster(b -> b.dbClusterIdentifier(aurora).engine("aurora-postgresql").allocatedStorage(15)
                .masterUsername("admin").masterUserPassword("secret-password"));
        String warehouse = "warehouse-" + suffix;
        redshift.createCluster(b -> b.clusterIdentifier(warehouse).nodeType("dc2.large").clusterType("single-node")
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
        String table = "events-" + suffix;
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S)));

        HavenClient api = rest();
        long accountId = addEmulatorAccount(api);
        String policy = "late-" + suffix;
        long policyId = policy(api, accountId, policy);
        addTarget(api, policyId, "ec2-instance", instance);
        addTarget(api, policyId, "rds-instance", database);
        addTarget(api, policyId, "aurora-cluster", aurora);
        addTarget(api, policyId, "redshift-cluster", warehouse);
        addTarget(api, policyId, "dynamodb-table", table);
        addTarget(api, policyId, "ebs-volume", volume);

        // A run two days old, well past its window, stopped after every target but the EBS volume had made its
        // artifacts and before any was recorded.
        Bundle core = bundle("haven-core");
        core.stop();
        long backupId = service(HavenStore.class).backups().start(policyId, accountId, policy, BackupTrigger.SCHEDULE, 1,
                Instant.now().minus(Duration.ofDays(2))).orElseThrow();
        List<String> made = new ArrayList<>();
        for (var mapping : ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0)
                .blockDeviceMappings()) {
            List<Tag> tags = new ArrayList<>(runTags(backupId, policy, "ec2-instance"));
            tags.add(Tag.builder().key("haven:detail:instanceId").value(instance).build());
            tags.add(Tag.builder().key("haven:detail:device").value(mapping.deviceName()).build());
            made.add(ec2.createSnapshot(r -> r.volumeId(mapping.ebs().volumeId())
                    .tagSpecifications(t -> t.resourceType("snapshot").tags(tags))).snapshotId());
        }
        made.add(rds.createDBSnapshot(b -> b.dbInstanceIdentifier(database).dbSnapshotIdentifier("haven-late-" + suffix)
                .tags(rdsTags(backupId, policy, "rds-instance"))).dbSnapshot().dbSnapshotIdentifier());
        made.add(rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(aurora).dbClusterSnapshotIdentifier("haven-sales-" + suffix)
                .tags(rdsTags(backupId, policy, "aurora-cluster"))).dbClusterSnapshot().dbClusterSnapshotIdentifier());
        made.add(redshift.createClusterSnapshot(b -> b.clusterIdentifier(warehouse).snapshotIdentifier("haven-wh-" + suffix)
                .tags(runTagMap(backupId, policy, "redshift-cluster").entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.redshift.model.Tag.builder().key(e.getKey())
                                .value(e.getValue()).build()).toList())).snapshot().snapshotIdentifier());
        made.add(dynamo.createBackup(b -> b.tableName(table).backupName("haven-" + backupId + "-" + table))
                .backupDetails().backupArn());

        core.start();

        JsonNode backup = awaitEnd(api, backupId);
        assertEquals(backup.toString(), "PARTIALLY_SUCCESSFUL", backup.get("status").asText());
        assertTrue(backup.toString(), backup.get("message").asText().contains("1 targets could not be started"));
        JsonNode artifacts = api.get("/backups/" + backupId + "/snapshots").json();
        assertEquals(artifacts.toString(), new HashSet<>(made), awsIds(artifacts));
        String log = api.get("/backups/" + backupId + "/log").body();
        assertTrue(log, log.contains("Skipped ebs-volume " + volume + " in " + REGION));
        for (String kept : List.of("ec2-instance " + instance, "rds-instance " + database, "aurora-cluster " + aurora,
                "redshift-cluster " + warehouse, "dynamodb-table " + table)) {
            assertTrue(log, log.contains("Kept what " + kept + " in " + REGION + " made before Haven stopped"));
            assertFalse(log, log.contains("Skipped " + kept));
        }
        assertTrue(log, log.contains("1 targets were not backed up"));
    }

    private static long policy(HavenClient api, long accountId, String name) {
        long scheduleId = api.post("/schedules", Map.of("name", "daily-" + name, "every", 1, "unit", "DAYS",
                "start", Instant.now().plus(Duration.ofHours(3)).toString())).json().get("id").asLong();
        return api.post("/policies", Map.of("name", name, "accountId", accountId, "generations", 3,
                "scheduleIds", List.of(scheduleId))).json().get("id").asLong();
    }

    private static void addTarget(HavenClient api, long policyId, String type, String resourceId) {
        HavenClient.Response added = api.post("/policies/" + policyId + "/targets", Map.of("type", type,
                "region", REGION, "resourceId", resourceId));
        assertEquals(added.body(), 201, added.status());
    }

    private static JsonNode awaitEnd(HavenClient api, long backupId) {
        // While core restarts, the API may answer with a problem document, whose "status" is the HTTP status:
        // only a backup record that is no longer in progress ends the wait.
        JsonNode[] ended = new JsonNode[1];
        eventually("the interrupted run is finished", Duration.ofSeconds(90), () -> {
            HavenClient.Response response = api.get("/backups/" + backupId);
            ended[0] = response.json();
            return response.status() == 200 && !"IN_PROGRESS".equals(ended[0].get("status").asText());
        });
        return ended[0];
    }

    private static Set<String> awsIds(JsonNode artifacts) {
        Set<String> ids = new HashSet<>();
        artifacts.forEach(a -> ids.add(a.get("awsId").asText()));
        return ids;
    }

    private static Map<String, String> runTagMap(long backupId, String policy, String type) {
        return Map.of("haven:backup-id", String.valueOf(backupId), "haven:policy", policy, "haven:target-type", type);
    }

    private static List<Tag> runTags(long backupId, String policy, String type) {
        return runTagMap(backupId, policy, type).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(long backupId, String policy, String type) {
        return runTagMap(backupId, policy, type).entrySet().stream()
                .map(e -> software.amazon.awssdk.services.rds.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("Bundle " + symbolicName + " is not installed");
    }
}
