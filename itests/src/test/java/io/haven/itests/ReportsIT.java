package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The CSV reports through the distribution against moto: real backups of an instance and a loose volume (the
 * older one deleted by retention), each report downloaded over HTTPS, parsed back with Commons CSV and checked
 * row by row against what the REST API says of the same backups and snapshots; filters, a bad filter, the usage
 * report, and the same reports written by the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ReportsIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    /** Deleted backups' records are kept (the default, 0 days, lets housekeeping remove them at any time). */
    @Override
    protected java.util.Map<String, String> coreSettings() {
        return java.util.Map.of("deletedRecordRetentionDays", "30");
    }

    @Test
    public void eachReportAgreesWithTheApi() throws IOException {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String instanceId = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();
        String zone = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .placement().availabilityZone();
        String dataVolume = ec2.createVolume(r -> r.availabilityZone(zone).size(5)).volumeId();
        ec2.attachVolume(r -> r.volumeId(dataVolume).instanceId(instanceId).device("/dev/sdf"));
        String looseVolume = ec2.createVolume(r -> r.availabilityZone(zone).size(3)).volumeId();

        HavenClient api = rest();
        String accountName = "reports-" + System.nanoTime();
        HavenClient.Response account = api.post("/accounts", Map.of("name", accountName, "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", "reports-secret", "endpoint", Emulator.endpoint()));
        assertEquals(account.body(), 201, account.status());
        long accountId = account.json().get("id").asLong();
        long policyId = api.post("/policies", Map.of("name", "reported", "accountId", accountId, "generations", 1))
                .json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance", "region",
                REGION, "resourceId", instanceId)).status());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region",
                REGION, "resourceId", looseVolume)).status());

        JsonNode first = runToEnd(api, policyId);
        JsonNode second = runToEnd(api, policyId);
        assertEquals("SUCCESSFUL", second.get("status").asText());
        long firstId = first.get("id").asLong();
        eventually("retention deletes the first backup (one generation kept)", Duration.ofSeconds(60),
                () -> !absent(api.get("/backups/" + firstId).json(), "deleted"));

        // The backup view: one row per backup of the policy, as the API shows them.
        HavenClient.Response backupsCsv = api.get("/reports/backups?policyId=" + policyId);
        assertEquals(backupsCsv.body(), 200, backupsCsv.status());
        assertTrue(backupsCsv.header("Content-Type"), backupsCsv.header("Content-Type").startsWith("text/csv"));
        assertTrue(backupsCsv.header("Content-Disposition"), backupsCsv.header("Content-Disposition")
                .matches("attachment; filename=\"haven-backups-\\d{8}T\\d{6}Z\\.csv\""));
        List<CSVRecord> backupRows = parse(backupsCsv.body());
        JsonNode backups = api.get("/backups?policyId=" + policyId + "&order=asc").json().get("items");
        assertEquals(backups.size(), backupRows.size());
        assertEquals(2, backupRows.size());
        for (int i = 0; i < backups.size(); i++) {
            JsonNode backup = backups.get(i);
            CSVRecord row = backupRows.get(i);
            assertEquals(backup.get("id").asText(), row.get("Backup ID"));
            assertEquals("root", row.get("User"));
            assertEquals(accountName, row.get("Account"));
            assertEquals(backup.get("policyName").asText(), row.get("Policy"));
            assertEquals(backup.get("status").asText(), row.get("Status"));
            String drStatus = backup.get("drStatus").asText();
            assertEquals("NONE".equals(drStatus) ? "" : drStatus, row.get("DR Status"));
            assertEquals(Instant.parse(backup.get("started").asText()), Instant.parse(row.get("Start Time")));
            assertEquals(Instant.parse(backup.get("ended").asText()), Instant.parse(row.get("End Time")));
            assertEquals(backup.get("attempt").asInt() > 1 ? "Yes" : "No", row.get("Is Retry"));
            assertEquals(absent(backup, "deleted") ? "No" : "Yes", row.get("Marked for Deletion"));
        }
        assertEquals("Yes", backupRows.get(0).get("Marked for Deletion"));

        // The snapshot view: one row per snapshot of those backups, as the API shows them.
        List<CSVRecord> snapshotRows = parse(api.get("/reports/snapshots?policyId=" + policyId).body());
        Map<String, JsonNode> snapshots = new HashMap<>();
        for (JsonNode backup : backups) {
            api.get("/backups/" + backup.get("id").asLong() + "/snapshots").json()
                    .forEach(s -> snapshots.put(s.get("awsId").asText(), s));
        }
        assertEquals(6, snapshots.size()); // two volumes of the instance and the loose volume, twice
        assertEquals(snapshots.size(), snapshotRows.size());
        int deleted = 0;
        for (CSVRecord row : snapshotRows) {
            JsonNode snapshot = snapshots.get(row.get("Snapshot ID"));
            assertEquals(row.toString(), snapshot.get("backupId").asText(), row.get("Backup ID"));
            assertEquals(accountName, row.get("Account"));
            assertEquals(snapshot.get("region").asText(), row.get("Region"));
            assertEquals(snapshot.get("kind").asText(), row.get("Type"));
            String volume = absent(snapshot, "volumeId") ? snapshot.get("resourceId").asText()
                    : snapshot.get("volumeId").asText();
            assertEquals(volume, row.get("Volume/DB"));
            assertEquals(absent(snapshot, "instanceId") ? "None" : snapshot.get("instanceId").asText(),
                    row.get("Instance"));
            assertEquals("Yes", row.get("Succeeded"));
            assertEquals(Instant.parse(snapshot.get("created").asText()), Instant.parse(row.get("Start Time")));
            assertEquals(Instant.parse(snapshot.get("completed").asText()), Instant.parse(row.get("End Time")));
            boolean gone = "DELETED".equals(snapshot.get("state").asText());
            assertEquals(row.toString(), gone, !"N/A".equals(row.get("Deleted At")));
            deleted += gone ? 1 : 0;
        }
        assertEquals("the first backup's three snapshots were deleted", 3, deleted);
        assertEquals("the instance's two volumes, twice", 4,
                snapshotRows.stream().filter(r -> r.get("Instance").equals(instanceId)).count());
        assertTrue(snapshotRows.stream().anyMatch(r -> r.get("Volume/DB").equals(dataVolume)));

        // Filters: from the second backup's start on, only it; a bad filter is a 400 naming it.
        String from = second.get("started").asText();
        List<CSVRecord> later = parse(api.get("/reports/backups?policyId=" + policyId + "&from=" + from).body());
        assertEquals(1, later.size());
        assertEquals(second.get("id").asText(), later.get(0).get("Backup ID"));
        for (String[] bad : new String[][] {{"backups?from=yesterday", "from"}, {"snapshots?userId=99999", "userId"},
                {"backups?accountId=" + accountId + "&from=" + from + "&to=" + from, "to"}}) {
            HavenClient.Response refused = api.get("/reports/" + bad[0]);
            assertEquals(refused.body(), 400, refused.status());
            assertEquals(bad[1], refused.json().get("field").asText());
        }

        // Usage: root's row counts its instance and its loose volume's 3 GiB.
        List<CSVRecord> usage = parse(api.get("/reports/usage").body());
        assertEquals(1, usage.size());
        assertEquals("root", usage.get(0).get("User"));
        assertTrue(Integer.parseInt(usage.get(0).get("Accounts")) >= 1);
        assertEquals("1", usage.get(0).get("Instances"));
        assertEquals("1", usage.get(0).get("Non-Instance Targets"));
        assertEquals("3", usage.get(0).get("Non-Instance Storage (GiB)"));
        assertTrue(parse(api.get("/reports/usage?users=all").body()).size() >= 1);

        // Protected and unprotected resources (guide 15.6): the instance and the loose volume are protected by the
        // policy, the attached data volume is not; the shell writes the same rows.
        HavenClient.Response resourcesCsv = api.get("/reports/resources?accountId=" + accountId);
        assertEquals(resourcesCsv.body(), 200, resourcesCsv.status());
        Map<String, CSVRecord> byResource = new java.util.HashMap<>();
        for (CSVRecord row : parse(resourcesCsv.body())) {
            assertEquals(accountName, row.get("Account"));
            assertEquals(REGION, row.get("Region"));
            byResource.put(row.get("Type") + " " + row.get("Resource ID"), row);
        }
        assertEquals("Yes", byResource.get("ec2-instance " + instanceId).get("Protected"));
        assertEquals("reported", byResource.get("ec2-instance " + instanceId).get("Policies"));
        assertEquals("Yes", byResource.get("ebs-volume " + looseVolume).get("Protected"));
        assertEquals("No", byResource.get("ebs-volume " + dataVolume).get("Protected"));
        assertEquals("", byResource.get("ebs-volume " + dataVolume).get("Policies"));
        HavenClient.Response badRegion = api.get("/reports/resources?accountId=" + accountId + "&regions=mars-1");
        assertEquals(badRegion.body(), 400, badRegion.status());
        assertEquals("regions", badRegion.json().get("field").asText());

        // The shell writes the same reports into root's reports folder.
        Path folder = Path.of(System.getProperty("karaf.data")).resolve("reports").resolve("root");
        String wrote = shellAs("root", "haven:report-backups --policy reported --out it-backups.csv");
        assertTrue(wrote, wrote.contains("Wrote " + folder.resolve("it-backups.csv")));
        List<CSVRecord> fromShell = parse(Files.readString(folder.resolve("it-backups.csv")));
        assertEquals(ids(backupRows), ids(fromShell));
        wrote = shellAs("root", "haven:report-snapshots --policy reported --from " + from + " --out it-snapshots.csv");
        assertTrue(wrote, wrote.contains("Wrote"));
        assertEquals(3, parse(Files.readString(folder.resolve("it-snapshots.csv"))).size());
        wrote = shellAs("root", "haven:report-usage --all --out it-usage.csv");
        assertTrue(wrote, wrote.contains("Wrote"));
        assertEquals(usage.get(0).toMap(), parse(Files.readString(folder.resolve("it-usage.csv"))).get(0).toMap());
        wrote = shellAs("root", "haven:report-resources --account " + accountId + " --regions " + REGION
                + " --out it-resources.csv");
        assertTrue(wrote, wrote.contains("Wrote"));
        assertEquals(byResource.size(), parse(Files.readString(folder.resolve("it-resources.csv"))).size());
        String refused = shellAs("root", "haven:report-backups --from yesterday --out never.csv");
        assertTrue(refused, refused.contains("Error: from:"));
        assertTrue(Files.notExists(folder.resolve("never.csv")));

        // The audit report has the changes just made, newest first, the shell's report commands among them
        List<CSVRecord> audit = parse(api.get("/reports/audit").body());
        assertEquals(List.of("Timestamp", "User", "Delegate", "Event Type", "Operation", "Outcome", "Address", "Channel"),
                List.copyOf(audit.get(0).toMap().keySet()));
        assertTrue(audit.stream().anyMatch(r -> r.get("Operation").equals("POST /api/v1/policies/" + policyId + "/run")
                && r.get("Outcome").equals("succeeded") && r.get("Channel").equals("rest")));
        assertTrue(audit.stream().anyMatch(r -> r.get("Event Type").equals("haven:report-backups")
                && r.get("Outcome").startsWith("failed: from:")));
        wrote = shellAs("root", "haven:report-audit --out it-audit.csv");
        assertTrue(wrote, wrote.contains("Wrote"));
        assertTrue(parse(Files.readString(folder.resolve("it-audit.csv"))).size() >= audit.size());
    }

    private static boolean absent(JsonNode node, String field) {
        return !node.has(field) || node.get(field).isNull();
    }

    private static List<String> ids(List<CSVRecord> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("Backup ID")));
        return ids;
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }
}
