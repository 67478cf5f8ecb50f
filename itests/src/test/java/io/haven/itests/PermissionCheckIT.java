package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * "Check AWS permissions" (guide 14.3) through the distribution: an IAM user whose policy is the shipped
 * backup-account policy less two actions, checked while moto enforces IAM as AWS does. moto cannot
 * simulate policies (500), so the check falls back to its harmless calls, which must name exactly the two
 * actions. The features' lists must also be the shipped policies (docs/iam), so that neither drifts: recovery.json
 * holds the recovery features, backup-account.json all others, among them the disaster-recovery copies within the
 * account, which are needed only when used ({@link #policyFileOf}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PermissionCheckIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final Set<String> LEFT_OUT = Set.of("ec2:CreateSnapshot", "rds:DeleteDBSnapshot");
    private static final String BACKUP_ACCOUNT = "backup-account.json";
    private static final String RECOVERY = "recovery.json";
    private static final String CPMDATA = "cpmdata.json";
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    public void theCheckNamesExactlyTheActionsTheAccountsPolicyLacks() throws IOException {
        Emulator.reset();
        JsonNode backupPolicy = policy(BACKUP_ACCOUNT);
        HavenClient api = rest();
        long accountId = addAccount(api, userWith(without(backupPolicy, LEFT_OUT)));

        JsonNode report;
        String shellOutput;
        List<CSVRecord> summary;
        List<CSVRecord> summaryFromShell;
        Emulator.checkIamPermissions(true);
        try {
            HavenClient.Response answer = api.post("/accounts/" + accountId + "/permission-check?region=" + REGION, "");
            assertEquals(answer.body(), 200, answer.status());
            report = answer.json();
            shellOutput = shellAs("root", "haven:account-check-permissions " + accountId);
            // Guide 14.3, "Permission Summary": the same check as a CSV download, over REST and from the shell.
            HavenClient.Response csv = api.get("/reports/permissions?accountId=" + accountId + "&region=" + REGION);
            assertEquals(csv.body(), 200, csv.status());
            summary = parse(csv.body());
            Path folder = Path.of(System.getProperty("karaf.data")).resolve("reports").resolve("root");
            String wrote = shellAs("root", "haven:report-permissions --account limited --region " + REGION
                    + " --out it-permissions.csv");
            assertTrue(wrote, wrote.contains("Wrote " + folder.resolve("it-permissions.csv")));
            summaryFromShell = parse(Files.readString(folder.resolve("it-permissions.csv")));
        } finally {
            Emulator.checkIamPermissions(false);
        }

        assertEquals("probes", report.get("method").asText());
        assertTrue(report.get("note").asText(), report.get("note").asText().contains("simulation"));
        assertEquals("arn:aws:iam::123456789012:user/haven-backup", report.get("principal").asText());
        Set<String> missingForBackup = new TreeSet<>();
        for (JsonNode feature : report.get("features")) {
            if (feature.get("required").asBoolean()) {
                feature.get("missing").forEach(a -> missingForBackup.add(a.asText()));
                assertEquals(feature.get("id").asText() + " is fully decided", 0, feature.get("unchecked").size());
            }
        }
        assertEquals(new TreeSet<>(LEFT_OUT), missingForBackup);
        JsonNode volumes = element(report.get("features"), "id", "ebs-volume.backup");
        assertEquals(List.of("ec2:CreateSnapshot"), texts(volumes.get("missing")));
        assertTrue(element(report.get("features"), "id", "dynamodb-table.backup").get("complete").asBoolean());
        JsonNode ec2Recovery = element(report.get("features"), "id", "ec2-instance.recovery");
        assertEquals(List.of("iam:PassRole"), texts(ec2Recovery.get("unchecked")));
        assertTrue(texts(ec2Recovery.get("missing")).contains("ec2:RunInstances"));
        // Disaster-recovery copies (docs/dr.md): needed when used, held by the backup-account policy, all probed.
        List<String> drFeatures = List.of("ebs-volume.dr", "ec2-instance.dr", "rds-instance.dr", "aurora-cluster.dr");
        for (String id : drFeatures) {
            JsonNode dr = element(report.get("features"), "id", id);
            assertEquals(id, false, dr.get("required").asBoolean());
            assertEquals(id + " is fully decided", 0, dr.get("unchecked").size());
        }
        assertTrue(element(report.get("features"), "id", "ebs-volume.dr").get("complete").asBoolean());
        assertEquals(List.of("rds:DeleteDBSnapshot"), texts(element(report.get("features"), "id", "rds-instance.dr")
                .get("missing")));
        assertTrue(summary.stream().anyMatch(r -> r.get("Feature ID").equals("ec2-instance.dr")
                && r.get("Action").equals("ec2:CopyImage") && r.get("Result").equals("allowed")
                && r.get("Needed").equals("when used")));
        assertTrue(shellOutput, shellOutput.contains("MISSING 1") && shellOutput.contains("ec2:CreateSnapshot")
                && shellOutput.contains("calls that change nothing"));
        // Haven's own backup (the cpmdata policy, docs/dr.md): needed when used; S3 has no harmless call on a made-up
        // bucket and moto no simulation, so its actions are listed unchecked.
        for (String id : List.of("haven-data.backup", "haven-data.dr")) {
            JsonNode own = element(report.get("features"), "id", id);
            assertEquals(id, false, own.get("required").asBoolean());
            assertEquals(id, 0, own.get("missing").size());
            assertTrue(id, texts(own.get("unchecked")).contains("s3:PutObject"));
        }
        assertTrue(shellOutput, shellOutput.contains("Back up Haven itself"));

        // The summary has a row per feature and action, with the check's results: the two left out are missing.
        Set<String> summaryMissingForBackup = new TreeSet<>();
        int rows = 0;
        for (JsonNode feature : report.get("features")) {
            rows += feature.get("allowed").size() + feature.get("missing").size() + feature.get("unchecked").size();
        }
        assertEquals(rows, summary.size());
        for (CSVRecord row : summary) {
            assertEquals("limited", row.get("Account"));
            assertEquals("arn:aws:iam::123456789012:user/haven-backup", row.get("Principal"));
            assertEquals("probes", row.get("Method"));
            if (row.get("Needed").equals("for backup") && row.get("Result").equals("missing")) {
                summaryMissingForBackup.add(row.get("Action"));
            }
        }
        assertEquals(new TreeSet<>(LEFT_OUT), summaryMissingForBackup);
        assertTrue(summary.stream().anyMatch(r -> r.get("Feature ID").equals("ec2-instance.recovery")
                && r.get("Action").equals("iam:PassRole") && r.get("Result").equals("unchecked")));
        assertEquals(summary.size(), summaryFromShell.size());
        assertEquals(summary.get(0).get("Feature ID") + " " + summary.get(0).get("Action"),
                summaryFromShell.get(0).get("Feature ID") + " " + summaryFromShell.get(0).get("Action"));

        // The features say what the shipped policies hold, no more and no less.
        assertEquals(actionsOf(backupPolicy), actionsOf(report, BACKUP_ACCOUNT));
        assertEquals(actionsOf(policy(RECOVERY)), actionsOf(report, RECOVERY));
        assertEquals(actionsOf(policy(CPMDATA)), actionsOf(report, CPMDATA));
        for (JsonNode feature : report.get("features")) {
            if (feature.get("required").asBoolean()) {
                assertEquals(feature.get("id").asText(), BACKUP_ACCOUNT, policyFileOf(feature));
            }
        }
    }

    /**
     * The shipped policy that holds a feature's actions: recovery.json the recovery of each type, whose permissions
     * may come with other credentials; cpmdata.json Haven's own backup into its bucket (only the cpmdata policy's
     * account needs it); backup-account.json everything else, backups and tag scans as well as the
     * disaster-recovery copies, which go to other regions of the same account, and the sharing of snapshots with a
     * DR account (docs/dr.md). A DR account's own features are checked for DR accounts only; CrossAccountDrIT holds
     * them equal to dr-account.json.
     */
    private static String policyFileOf(JsonNode feature) {
        String id = feature.get("id").asText();
        if (id.startsWith("haven-data.")) {
            return CPMDATA;
        }
        return id.endsWith(".recovery") ? RECOVERY : BACKUP_ACCOUNT;
    }

    private static long addAccount(HavenClient api, AccessKey key) {
        HavenClient.Response created = api.post("/accounts", Map.of("name", "limited", "authMethod", "ACCESS_KEYS",
                "accessKeyId", key.accessKeyId(), "secretAccessKey", key.secretAccessKey(), "endpoint", Emulator.endpoint()));
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asLong();
    }

    private static AccessKey userWith(JsonNode policy) {
        try (IamClient iam = Emulator.client(IamClient.builder(), REGION)) {
            iam.createUser(b -> b.userName("haven-backup"));
            iam.putUserPolicy(b -> b.userName("haven-backup").policyName("haven").policyDocument(policy.toString()));
            return iam.createAccessKey(b -> b.userName("haven-backup")).accessKey();
        }
    }

    private static JsonNode policy(String file) throws IOException {
        return JSON.readTree(Files.readString(Path.of(System.getProperty(IAM_DOCS_PROPERTY), file)));
    }

    private static JsonNode without(JsonNode policy, Set<String> actions) {
        JsonNode copy = policy.deepCopy();
        for (JsonNode statement : copy.get("Statement")) {
            ArrayNode kept = JSON.createArrayNode();
            statement.get("Action").forEach(a -> {
                if (!actions.contains(a.asText())) {
                    kept.add(a);
                }
            });
            ((ObjectNode) statement).set("Action", kept);
        }
        return copy;
    }

    private static Set<String> actionsOf(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        policy.get("Statement").forEach(s -> s.get("Action").forEach(a -> actions.add(a.asText())));
        return actions;
    }

    private static Set<String> actionsOf(JsonNode report, String policyFile) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode feature : report.get("features")) {
            if (policyFileOf(feature).equals(policyFile)) {
                for (String list : List.of("allowed", "missing", "unchecked")) {
                    feature.get(list).forEach(a -> actions.add(a.asText()));
                }
            }
        }
        return actions;
    }

    private static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }
}
