package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Tag-driven protection (guide 13) through the distribution against moto: resources tagged {@code cpm backup} in
 * two regions, scanned with "scan now" over REST, are added to an existing policy (an instance with its EC2 backup
 * option), to a policy created from a template (the template's settings, "yes and alert", marked as made by a tag
 * scan), removed by {@code no-backup}; a bad value is in the scan log while the rest of the scan went on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TagScanIT extends HavenTestSupport {

    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final String KEY = "cpm backup";

    @Test
    public void aScanAddsCreatesRemovesAndLogsWhatTheTagsSay() {
        Ec2Client east = Emulator.ec2(EAST);
        Ec2Client west = Emulator.ec2(WEST);
        String added = volume(east, EAST + "a", "tags-web");
        String fromTemplate = volume(east, EAST + "b", "tags-new:tags-gold");
        String bad = volume(east, EAST + "a", "tags-web#");
        String removed = volume(east, EAST + "a", "no-backup");
        String inTheWest = volume(west, WEST + "a", "tags-web");
        String untagged = east.createVolume(r -> r.availabilityZone(EAST + "a").size(1)).volumeId();
        String instance = east.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tag(KEY, "tags-web#only-amis"))))
                .instances().get(0).instanceId();

        HavenClient api = rest();
        long accountId = addEmulatorAccount(api);
        long schedule = api.post("/schedules", Map.of("name", "tags-nightly", "every", 1, "unit", "DAYS",
                "start", Instant.parse("2026-01-01T01:00:00Z").toString())).json().get("id").asLong();
        HavenClient.Response gold = api.post("/policies", Map.of("name", "tags-gold", "accountId", accountId,
                "generations", 5, "scheduleIds", List.of(schedule), "retries", 2, "retryWaitMinutes", 7,
                "autoRemoveTargets", "NO", "failuresToAlert", 3));
        assertEquals(gold.body(), 201, gold.status());
        long web = api.post("/policies", Map.of("name", "tags-web", "accountId", accountId, "generations", 2))
                .json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + web + "/targets", Map.of("type", "ebs-volume", "region", EAST,
                "resourceId", removed)).status());

        // Scan Resources is off by default: scan now finds nothing to scan.
        assertFalse(api.get("/accounts/" + accountId).json().get("scanResources").asBoolean());
        HavenClient.Response none = api.post("/tag-scans", "");
        assertEquals(none.body(), 200, none.status());
        none.json().forEach(l -> assertTrue(none.body(), l.get("accountId").asLong() != accountId));

        HavenClient.Response on = api.put("/accounts/" + accountId + "/scan-resources", Map.of("scanResources", true));
        assertEquals(on.body(), 200, on.status());
        // Scanning stays off; scan now works all the same (guide 13).
        assertFalse(api.get("/tag-scan-settings").json().get("enabled").asBoolean());
        HavenClient.Response scan = api.post("/tag-scans", "");
        assertEquals(scan.body(), 200, scan.status());
        JsonNode log = logOf(scan.json(), accountId);

        // Added to the existing policy, in both regions, the instance with the option its tag gives.
        Map<String, JsonNode> webTargets = targets(api, web);
        assertEquals(webTargets.keySet().toString(), Set.of(added, inTheWest, instance), webTargets.keySet());
        assertEquals(WEST, webTargets.get(inTheWest).get("region").asText());
        assertEquals("ami", webTargets.get(instance).get("options").get("backupMode").asText());
        // no-backup removed the volume that was a target.
        assertFalse(webTargets.containsKey(removed));

        // The policy made from the template: its settings, never its targets, "yes and alert", marked.
        JsonNode made = policyNamed(api, "tags-new");
        assertTrue(made.toString(), made.get("madeByTagScan").asBoolean());
        assertFalse(gold.json().get("madeByTagScan").asBoolean());
        assertEquals(accountId, made.get("accountId").asLong());
        assertEquals(5, made.get("generations").asInt());
        assertEquals(made.toString(), 1, made.get("scheduleIds").size());
        assertEquals(schedule, made.get("scheduleIds").get(0).asLong());
        assertEquals(2, made.get("retries").asInt());
        assertEquals(7, made.get("retryWaitMinutes").asInt());
        assertEquals(3, made.get("failuresToAlert").asInt());
        assertEquals("YES_AND_ALERT", made.get("autoRemoveTargets").asText());
        assertEquals(Set.of(fromTemplate), targets(api, made.get("id").asLong()).keySet());
        assertEquals(0, api.get("/policies/" + gold.json().get("id").asLong() + "/targets").json().size());

        // The log: what was added, created and removed, and the bad value with its resource; the scan went on.
        assertEquals(log.toString(), 6, log.get("tagged").asInt());
        assertTrue(log.toString(), hasEntry(log, "CREATED", fromTemplate, "tags-new"));
        assertTrue(log.toString(), hasEntry(log, "ADDED", fromTemplate, "tags-new"));
        assertTrue(log.toString(), hasEntry(log, "ADDED", inTheWest, "tags-web"));
        assertTrue(log.toString(), hasEntry(log, "REMOVED", removed, "tags-web"));
        JsonNode error = entry(log, "ERROR", bad);
        assertEquals("tags-web#", error.get("tagValue").asText());
        assertTrue(error.toString(), error.get("message").asText().contains("empty backup option"));
        assertFalse(log.toString(), log.toString().contains(untagged));

        // The bad value raised the account owner's Scan alert (guide 15.1), which quotes the line.
        JsonNode alert = scanAlert(api);
        assertTrue(alert.toString(), alert.get("message").asText().contains(bad));
        assertTrue(alert.toString(), alert.get("cleared").isNull());

        // Kept as the last scan; the shell shows the same log.
        assertEquals(log, logOf(api.get("/tag-scans/last").json(), accountId));
        String shown = shell("haven:tag-scan-log");
        assertTrue(shown, shown.contains(bad) && shown.contains("tags-web#"));

        // A volume removed by hand from the policy its tag names: the removal is made and answered with a warning
        // (decision 38), and the volume comes back at the next scan, with a warning in its log.
        long handRemoved = targets(api, web).get(added).get("id").asLong();
        HavenClient.Response removal = api.delete("/policies/" + web + "/targets/" + handRemoved);
        assertEquals(removal.body(), 200, removal.status());
        JsonNode removalWarning = removal.json().get("warnings").get(0);
        assertEquals(removal.body(), added, removalWarning.get("resourceId").asText());
        assertEquals(removal.body(), "ADD_AGAIN", removalWarning.get("nextScan").asText());
        assertFalse(removal.body(), targets(api, web).containsKey(added));
        JsonNode undone = logOf(api.post("/tag-scans", "").json(), accountId);
        JsonNode warning = entry(undone, "WARNING", added);
        assertTrue(warning.toString(), warning.get("message").asText().contains("by hand"));
        assertTrue(undone.toString(), hasEntry(undone, "ADDED", added, "tags-web"));
        assertEquals(undone.toString(), 3, undone.get("entries").size()); // the warning, the addition, the bad value

        // The bad tag corrected: the volume is added and the scan alert is cleared.
        east.createTags(r -> r.resources(bad).tags(tag(KEY, "tags-web")));
        JsonNode corrected = logOf(api.post("/tag-scans", "").json(), accountId);
        assertEquals(corrected.toString(), 1, corrected.get("entries").size());
        assertTrue(corrected.toString(), hasEntry(corrected, "ADDED", bad, "tags-web"));
        assertFalse(scanAlert(api).get("cleared").isNull());

        // Then a scan changes nothing: everything is where the tags say.
        JsonNode again = logOf(api.post("/tag-scans", "").json(), accountId);
        assertEquals(again.toString(), 0, again.get("entries").size());
        assertEquals(4, targets(api, web).size());

        // Added by hand against its no-backup tag: added, and answered with a warning that the next scan removes it,
        // which it does.
        HavenClient.Response against = api.post("/policies/" + web + "/targets", Map.of("type", "ebs-volume",
                "region", EAST, "resourceId", removed));
        assertEquals(against.body(), 201, against.status());
        assertEquals(against.body(), "REMOVE", against.json().get("warnings").get(0).get("nextScan").asText());
        assertTrue(targets(api, web).containsKey(removed));

        // The instance's options changed by hand away from its tag's (only-amis): the change stands, with a warning,
        // and the scan leaves the options and points the difference out.
        long instanceTarget = targets(api, web).get(instance).get("id").asLong();
        HavenClient.Response changed = api.put("/policies/" + web + "/targets/" + instanceTarget,
                Map.of("options", Map.of("backupMode", "snapshots")));
        assertEquals(changed.body(), 200, changed.status());
        assertEquals(changed.body(), "KEEP_OPTIONS", changed.json().get("warnings").get(0).get("nextScan").asText());
        JsonNode afterHand = logOf(api.post("/tag-scans", "").json(), accountId);
        assertTrue(afterHand.toString(), hasEntry(afterHand, "REMOVED", removed, "tags-web"));
        assertTrue(afterHand.toString(), entry(afterHand, "WARNING", instance).get("message").asText()
                .contains("not those of its tag"));
        assertEquals("snapshots", targets(api, web).get(instance).get("options").get("backupMode").asText());
        assertFalse(targets(api, web).containsKey(removed));
    }

    private static JsonNode scanAlert(HavenClient api) {
        for (JsonNode alert : api.get("/alerts").json()) {
            if (alert.get("category").asText().equals("SCAN")) {
                return alert;
            }
        }
        throw new AssertionError("no scan alert in " + api.get("/alerts").body());
    }

    private static String volume(Ec2Client ec2, String zone, String tagValue) {
        return ec2.createVolume(r -> r.availabilityZone(zone).size(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tag(KEY, tagValue)))).volumeId();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static JsonNode logOf(JsonNode logs, long accountId) {
        for (JsonNode log : logs) {
            if (log.get("accountId").asLong() == accountId) {
                return log;
            }
        }
        throw new AssertionError("no log of account " + accountId + " in " + logs);
    }

    private static Map<String, JsonNode> targets(HavenClient api, long policyId) {
        Map<String, JsonNode> byResource = new HashMap<>();
        api.get("/policies/" + policyId + "/targets").json().forEach(t -> byResource.put(t.get("resourceId").asText(), t));
        return byResource;
    }

    private static JsonNode policyNamed(HavenClient api, String name) {
        for (JsonNode p : api.get("/policies").json()) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no policy " + name);
    }

    private static boolean hasEntry(JsonNode log, String kind, String resourceId, String policy) {
        for (JsonNode e : log.get("entries")) {
            if (e.get("kind").asText().equals(kind) && e.get("resourceId").asText().equals(resourceId)
                    && e.get("policy").asText().equals(policy)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode entry(JsonNode log, String kind, String resourceId) {
        for (JsonNode e : log.get("entries")) {
            if (e.get("kind").asText().equals(kind) && e.get("resourceId").asText().equals(resourceId)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " for " + resourceId + " in " + log);
    }
}
