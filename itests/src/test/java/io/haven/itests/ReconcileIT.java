package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.api.model.BackupTrigger;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Haven stopped in the middle of a run: the run's record says "in progress", and a snapshot it had
 * created (tagged with the run's id) never made it into the record. When Haven starts again it must
 * adopt the snapshot and bring the run to an end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReconcileIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    @Test
    public void aRunInterruptedByAStopIsFinishedAndItsSnapshotAdopted() throws Exception {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String first = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(2)).volumeId();
        String second = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(2)).volumeId();

        HavenClient api = rest();
        long accountId = api.post("/accounts", Map.of("name", "emulator", "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", "test", "endpoint", Emulator.endpoint())).json().get("id").asLong();
        long scheduleId = api.post("/schedules", Map.of("name", "daily", "every", 1, "unit", "DAYS",
                "start", Instant.now().plus(Duration.ofHours(3)).toString())).json().get("id").asLong();
        long policyId = api.post("/policies", Map.of("name", "crashy", "accountId", accountId, "generations", 3,
                "scheduleIds", List.of(scheduleId))).json().get("id").asLong();
        for (String volume : List.of(first, second)) {
            assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume",
                    "region", REGION, "resourceId", volume)).status());
        }

        // Stop the engine, then leave the state a kill during the run would leave: the run recorded as in
        // progress, and the first volume's snapshot created in AWS, tagged as the EBS plugin tags it, but
        // not recorded.
        Bundle core = bundle("haven-core");
        core.stop();
        HavenStore store = service(HavenStore.class);
        long backupId = store.backups().start(policyId, accountId, "crashy", BackupTrigger.MANUAL, 1, Instant.now()).orElseThrow();
        String orphan = ec2.createSnapshot(r -> r.volumeId(first).tagSpecifications(t -> t.resourceType("snapshot")
                .tags(Tag.builder().key("haven:backup-id").value(String.valueOf(backupId)).build(),
                        Tag.builder().key("haven:policy").value("crashy").build(),
                        Tag.builder().key("haven:target-type").value("ebs-volume").build()))).snapshotId();

        core.start();

        eventually("the interrupted run is finished", Duration.ofSeconds(90),
                () -> !"IN_PROGRESS".equals(api.get("/backups/" + backupId).json().get("status").asText()));
        JsonNode backup = api.get("/backups/" + backupId).json();
        assertNotEquals("SUCCESSFUL", backup.get("status").asText());
        JsonNode artifacts = api.get("/backups/" + backupId + "/snapshots").json();
        assertEquals(artifacts.toString(), 1, artifacts.size());
        assertEquals(orphan, artifacts.get(0).get("awsId").asText());
        String log = api.get("/backups/" + backupId + "/log").body();
        assertTrue(log, log.contains("Adopted"));
        assertTrue(log, log.contains("1 targets were not backed up"));

        // The policy is usable again: a new run is not blocked by the interrupted one.
        HavenClient.Response run = api.post("/policies/" + policyId + "/run", "");
        assertEquals(run.body(), 202, run.status());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("Bundle " + symbolicName + " is not installed");
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(30_000);
        if (service == null) {
            throw new AssertionError(type.getName() + " is not available");
        }
        return service;
    }
}
