package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Cross-account disaster recovery (guide 3.2.1, 11) through the real distribution against the emulator: a DR account
 * added by assume-role with an external id; copies made by it from snapshots the backup account shared, with the
 * originals kept or deleted once copied; recovery in the DR account from its copies; retention deleting the copies,
 * or tagging them {@code cpm_deleted} in a DR account that may not delete. moto cannot let another account copy a
 * shared snapshot; the emulator's patch (testing/moto, AwsBehaviourPatches) serves exactly that, and only for
 * what was shared. Every claim is checked in the emulator's state as each account sees it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CrossAccountDrIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final String DR_REGION = "us-west-2";
    private static final String BACKUP_AWS = "123456789012";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();


    /** A client of the emulator acting as another AWS account. */
    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C as(String awsAccount,
                                                                                                B builder, String region) {
        builder.overrideConfiguration(c -> c.putHeader("x-moto-account-id", awsAccount));
        return Emulator.client(builder, region);
    }

    private static Ec2Client ec2As(String awsAccount, String region) {
        return as(awsAccount, Ec2Client.builder(), region);
    }

    private static RdsClient rdsAs(String awsAccount, String region) {
        return as(awsAccount, RdsClient.builder(), region);
    }

    /** A DR account reached by assume-role through the backup account, with an external id. */
    private static long addDrAccount(HavenClient api, long via, String awsAccount, Boolean allowDeleting) {
        return addRoleAccount(api, via, awsAccount, "DR", allowDeleting);
    }

    /** An account of the given type reached by assume-role through the backup account, with an external id. */
    private static long addRoleAccount(HavenClient api, long via, String awsAccount, String type,
                                       Boolean allowDeleting) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", type.toLowerCase() + "-" + System.nanoTime(),
                "authMethod", "ASSUME_ROLE", "viaAccountId", via, "roleAccountNumber", awsAccount,
                "roleName", "HavenDr", "externalId", "haven-xacct-ext", "endpoint", Emulator.endpoint(), "type", type));
        if (allowDeleting != null) {
            body.put("allowDeletingSnapshots", allowDeleting);
        }
        HavenClient.Response created = api.post("/accounts", body);
        assertEquals(created.body(), 201, created.status());
        assertEquals(type, created.json().get("type").asText());
        assertEquals(awsAccount, created.json().get("awsAccountId").asText());
        return created.json().get("id").asLong();
    }

    private static Map<String, Object> policy(String name, long account, Map<String, Object> dr) {
        return new LinkedHashMap<>(Map.of("name", name, "accountId", account, "generations", 3, "dr", dr));
    }

    @Test
    public void theDrAccountCopiesSharedSnapshotsAndRecoversFromThemWithOriginalsKept() {
        String drAws = "210987654321";
        Ec2Client ec2 = Emulator.ec2(REGION);
        RdsClient rds = Emulator.client(RdsClient.builder(), REGION);
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        String database = "xacctdb" + (System.nanoTime() % 100_000);
        rds.createDBInstance(b -> b.dbInstanceIdentifier(database).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(5).masterUsername("admin").masterUserPassword("secret-password"));
        HavenClient api = rest();
        long account = addEmulatorAccount(api);
        long vault = addDrAccount(api, account, drAws, null);
        assertTrue(api.get("/accounts/" + vault).json().get("allowDeletingSnapshots").asBoolean());

        // refused, naming the field, and nothing is stored: a policy on a DR account, a backup account as DR
        // account, originals left out without a DR account, a backup account kept from deleting
        int policiesBefore = api.get("/policies").json().size();
        HavenClient.Response onDr = api.post("/policies", policy("x-on-dr", vault, Map.of()));
        assertEquals(onDr.body(), 400, onDr.status());
        assertEquals("accountId", onDr.json().get("field").asText());
        HavenClient.Response notDr = api.post("/policies", policy("x-not-dr", account, Map.of("enabled", true,
                "account", account)));
        assertEquals(notDr.body(), 400, notDr.status());
        assertEquals("dr.account", notDr.json().get("field").asText());
        HavenClient.Response noOriginals = api.post("/policies", policy("x-lean", account, Map.of("enabled", true,
                "regions", List.of(DR_REGION), "keepOriginals", false)));
        assertEquals(noOriginals.body(), 400, noOriginals.status());
        assertEquals("dr.keepOriginals", noOriginals.json().get("field").asText());
        assertEquals(policiesBefore, api.get("/policies").json().size());
        HavenClient.Response keepDeleting = api.put("/accounts/" + account + "/allow-deleting-snapshots",
                Map.of("allowDeletingSnapshots", false));
        assertEquals(keepDeleting.body(), 400, keepDeleting.status());
        assertEquals("allowDeletingSnapshots", keepDeleting.json().get("field").asText());

        HavenClient.Response created = api.post("/policies", policy("x-kept", account, Map.of("enabled", true,
                "regions", List.of(DR_REGION), "account", vault)));
        assertEquals(created.body(), 201, created.status());
        long policyId = created.json().get("id").asLong();
        assertEquals(vault, created.json().get("dr").get("account").asLong());
        assertTrue(created.json().get("dr").get("keepOriginals").asBoolean());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "rds-instance", "region", REGION,
                "resourceId", database)).status());

        JsonNode backup = runToEnd(api, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        long backupId = backup.get("id").asLong();
        eventually("cross-account DR completes", Duration.ofSeconds(90),
                () -> "COMPLETED".equals(api.get("/backups/" + backupId).json().get("drStatus").asText()));

        JsonNode copies = api.get("/backups/" + backupId + "/dr-copies").json();
        assertEquals(copies.toString(), 2, copies.size());
        Map<String, String> copyOf = new HashMap<>();
        for (JsonNode copy : copies) {
            assertEquals("COMPLETED", copy.get("state").asText());
            assertEquals(DR_REGION, copy.get("region").asText());
            assertEquals(vault, copy.get("accountId").asLong());
            assertTrue(copy.get("crossAccount").asBoolean());
            copyOf.put(copy.get("awsId").asText(), copy.get("sourceAwsId").asText());
        }
        String volumeSnapshot = snapshotOf(api, backupId, "ebs-volume");
        String dbSnapshot = snapshotOf(api, backupId, "rds-instance");

        // AWS as each account sees it: the backup account shared its snapshots with the DR account and keeps them;
        // the copies are the DR account's, tagged at creation; the backup account has no copy in the DR region
        List<String> sharedWith = new ArrayList<>();
        ec2.describeSnapshotAttribute(r -> r.snapshotId(volumeSnapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION))
                .createVolumePermissions().forEach(p -> sharedWith.add(p.userId()));
        assertEquals(List.of(drAws), sharedWith);
        assertEquals(List.of(drAws), rds.describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(dbSnapshot))
                .dbSnapshotAttributesResult().dbSnapshotAttributes().stream()
                .filter(a -> a.attributeName().equals("restore")).findFirst().orElseThrow().attributeValues());
        assertEquals(1, ec2.describeSnapshots(r -> r.snapshotIds(volumeSnapshot)).snapshots().size());
        assertEquals(1, rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(dbSnapshot)).dbSnapshots().size());
        Ec2Client vaultEc2 = ec2As(drAws, DR_REGION);
        RdsClient vaultRds = rdsAs(drAws, DR_REGION);
        List<Snapshot> inVault = snapshotsOf(vaultEc2, drAws, backupId);
        assertEquals(inVault.toString(), 1, inVault.size());
        Snapshot volumeCopy = inVault.get(0);
        assertEquals(drAws, volumeCopy.ownerId());
        assertEquals(volumeSnapshot, copyOf.get(volumeCopy.snapshotId()));
        assertEquals(volumeSnapshot, tag(volumeCopy, "haven:copy-of"));
        assertEquals(String.valueOf(backupId), tag(volumeCopy, "haven:backup-id"));
        DBSnapshot dbCopy = vaultRds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(dbSnapshot + "-dr")).dbSnapshots()
                .get(0);
        assertEquals(dbSnapshot, copyOf.get(dbCopy.dbSnapshotIdentifier()));
        assertTrue(snapshotsOf(Emulator.ec2(DR_REGION), BACKUP_AWS, backupId).isEmpty());
        assertTrue(logOf(api, backupId).stream().anyMatch(m -> m.startsWith("DR started: copying to DR account")));

        // recovery from the DR account's copies, made in the DR account (guide 11.5)
        JsonNode origin = api.get("/backups/" + backupId + "/recovery").json();
        assertEquals(origin.toString(), vault, origin.get("drAccountId").asLong());
        assertEquals(DR_REGION, origin.get("drAccountRegions").get(0).asText());
        HavenClient.Response notThere = api.get("/backups/" + backupId + "/recovery?drAccountId=" + account);
        assertEquals(notThere.body(), 400, notThere.status());
        assertEquals("drAccountId", notThere.json().get("field").asText());
        JsonNode panel = api.get("/backups/" + backupId + "/recovery?drAccountId=" + vault).json();
        assertEquals(DR_REGION, panel.get("region").asText());
        JsonNode volumeItem = element(panel.get("recoverables"), "resourceId", volume);
        assertTrue(option(volumeItem, "zone").get("defaultValue").isNull());
        JsonNode recovered = awaitRecovery(api, api.post("/backups/" + backupId + "/recovery", Map.of("key",
                volumeItem.get("key").asText(), "drAccountId", vault, "choices", Map.of("zone", DR_REGION + "a")))
                .json().get("id").asLong());
        assertEquals(recovered.toString(), "SUCCESSFUL", recovered.get("status").asText());
        String newVolume = api.get("/recoveries/" + recovered.get("id").asLong() + "/resources").json().get(0)
                .get("awsId").asText();
        assertEquals(volumeCopy.snapshotId(), vaultEc2.describeVolumes(r -> r.volumeIds(newVolume)).volumes().get(0)
                .snapshotId());
        JsonNode dbItem = element(panel.get("recoverables"), "resourceId", database);
        JsonNode dbRecovered = awaitRecovery(api, api.post("/backups/" + backupId + "/recovery", Map.of("key",
                dbItem.get("key").asText(), "drAccountId", vault, "choices", Map.of())).json().get("id").asLong());
        assertEquals(dbRecovered.toString(), "SUCCESSFUL", dbRecovered.get("status").asText());
        assertEquals(1, vaultRds.describeDBInstances(b -> b.dbInstanceIdentifier(database + "-recovered"))
                .dbInstances().size());
        assertTrue(shell("haven:recovery-panel --dr-account " + vault + " " + backupId).contains(DR_REGION));

        // the original database shared with another backup account of the user and restored there (guide 10.5)
        String stagingAws = "510987654321";
        long staging = addRoleAccount(api, account, stagingAws, "BACKUP", null);
        JsonNode originPanel = api.get("/backups/" + backupId + "/recovery").json();
        assertTrue(originPanel.toString(), originPanel.get("targetAccounts").findValuesAsText("id")
                .contains(String.valueOf(staging)));
        HavenClient.Response toVault = api.get("/backups/" + backupId + "/recovery?targetAccountId=" + vault);
        assertEquals(toVault.body(), 400, toVault.status());
        assertEquals("targetAccountId", toVault.json().get("field").asText());
        JsonNode inStaging = api.get("/backups/" + backupId + "/recovery?targetAccountId=" + staging).json();
        assertEquals(staging, inStaging.get("targetAccountId").asLong());
        JsonNode stagingDb = awaitRecovery(api, api.post("/backups/" + backupId + "/recovery", Map.of("key",
                element(inStaging.get("recoverables"), "resourceId", database).get("key").asText(),
                "targetAccountId", staging, "choices", Map.of())).json().get("id").asLong());
        assertEquals(stagingDb.toString(), "SUCCESSFUL", stagingDb.get("status").asText());
        assertEquals(1, rdsAs(stagingAws, REGION).describeDBInstances(b -> b.dbInstanceIdentifier(database
                + "-recovered")).dbInstances().size());
        assertTrue(rds.describeDBSnapshotAttributes(b -> b.dbSnapshotIdentifier(dbSnapshot))
                .dbSnapshotAttributesResult().dbSnapshotAttributes().stream()
                .filter(a -> a.attributeName().equals("restore")).findFirst().orElseThrow().attributeValues()
                .contains(stagingAws));

        // retention: deleting the backup deletes the copies in the DR account, which may delete
        HavenClient.Response deleted = api.delete("/backups/" + backupId);
        assertEquals(deleted.body(), 200, deleted.status());
        assertFalse(deleted.json().get("deleted").isNull());
        assertTrue(snapshotsOf(vaultEc2, drAws, backupId).isEmpty());
        assertTrue(vaultRds.describeDBSnapshots(b -> b.snapshotType("manual")).dbSnapshots().stream()
                .noneMatch(s -> s.dbSnapshotIdentifier().equals(dbSnapshot + "-dr")));
        for (JsonNode copy : api.get("/backups/" + backupId + "/dr-copies").json()) {
            assertEquals("DELETED", copy.get("state").asText());
            assertFalse(copy.get("deletedByTag").asBoolean());
        }
    }

    @Test
    public void withoutOriginalsKeptTheCopiesStandInAndANoDeleteDrAccountGetsThemTaggedCpmDeleted() {
        String drAws = "310987654321";
        Ec2Client ec2 = Emulator.ec2(REGION);
        String volume = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        HavenClient api = rest();
        long account = addEmulatorAccount(api);
        long vault = addDrAccount(api, account, drAws, false);
        assertFalse(api.get("/accounts/" + vault).json().get("allowDeletingSnapshots").asBoolean());

        // no target regions: the DR account copies in the backup's own region
        HavenClient.Response created = api.post("/policies", policy("x-lean-vault", account, Map.of("enabled", true,
                "account", vault, "keepOriginals", false)));
        assertEquals(created.body(), 201, created.status());
        long policyId = created.json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        JsonNode backup = runToEnd(api, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        long backupId = backup.get("id").asLong();
        String original = snapshotOf(api, backupId, "ebs-volume");
        eventually("cross-account DR completes", Duration.ofSeconds(90),
                () -> "COMPLETED".equals(api.get("/backups/" + backupId).json().get("drStatus").asText()));

        // the original is gone from the backup account; the DR account's copy in the same region stands in for it
        Ec2Client vaultEc2 = ec2As(drAws, REGION);
        eventually("the original is deleted", Duration.ofSeconds(30), () -> ec2.describeSnapshots(r -> r.filters(
                Filter.builder().name("snapshot-id").values(original).build())).snapshots().isEmpty());
        List<Snapshot> inVault = snapshotsOf(vaultEc2, drAws, backupId);
        assertEquals(inVault.toString(), 1, inVault.size());
        String copyId = inVault.get(0).snapshotId();
        assertEquals(original, tag(inVault.get(0), "haven:copy-of"));
        JsonNode copy = api.get("/backups/" + backupId + "/dr-copies").json().get(0);
        assertEquals(REGION, copy.get("region").asText());
        assertEquals(copyId, copy.get("awsId").asText());
        assertTrue(logOf(api, backupId).stream().anyMatch(m -> m.startsWith("DR: keep original snapshots is off: 1 "
                + "originals deleted")));
        JsonNode origin = api.get("/backups/" + backupId + "/recovery").json();
        assertEquals(0, origin.get("recoverables").size());
        assertEquals(REGION, origin.get("drAccountRegions").get(0).asText());
        JsonNode panel = api.get("/backups/" + backupId + "/recovery?drAccountId=" + vault).json();
        assertEquals(volume, panel.get("recoverables").get(0).get("resourceId").asText());

        // issue 11: the DR account's copy shared back with the backup's own account and recovered there (guide 10.5)
        assertTrue(panel.toString(), panel.get("targetAccounts").findValuesAsText("id").contains(String.valueOf(account)));
        assertTrue(shell("haven:recovery-panel --dr-account " + vault + " --target-account " + account + " "
                + backupId).contains("Recovered in account " + account));
        JsonNode back = awaitRecovery(api, api.post("/backups/" + backupId + "/recovery", Map.of("key",
                panel.get("recoverables").get(0).get("key").asText(), "drAccountId", vault, "targetAccountId", account,
                "choices", Map.of("zone", REGION + "b"))).json().get("id").asLong());
        assertEquals(back.toString(), "SUCCESSFUL", back.get("status").asText());
        String backVolume = api.get("/recoveries/" + back.get("id").asLong() + "/resources").json().get(0)
                .get("awsId").asText();
        assertEquals(copyId, ec2.describeVolumes(r -> r.volumeIds(backVolume)).volumes().get(0).snapshotId());
        List<String> copySharedWith = new ArrayList<>();
        vaultEc2.describeSnapshotAttribute(r -> r.snapshotId(copyId).attribute(
                SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions()
                .forEach(p -> copySharedWith.add(p.userId()));
        assertEquals(List.of(BACKUP_AWS), copySharedWith);
        List<String> recoveryLog = new ArrayList<>();
        api.get("/recoveries/" + back.get("id").asLong() + "/log").json()
                .forEach(l -> recoveryLog.add(l.get("message").asText()));
        assertTrue(recoveryLog.toString(), recoveryLog.stream().anyMatch(m -> m.startsWith("Shared ebs-snapshot " + copyId)
                && m.contains("(AWS " + BACKUP_AWS + ")")));

        // retention in a DR account that may not delete: the copy stays, tagged cpm_deleted with the time
        Instant before = Instant.now().minusSeconds(1);
        HavenClient.Response deleted = api.delete("/backups/" + backupId);
        assertEquals(deleted.body(), 200, deleted.status());
        assertFalse(deleted.json().get("deleted").isNull());
        Snapshot kept = vaultEc2.describeSnapshots(r -> r.snapshotIds(copyId)).snapshots().get(0);
        String flagged = tag(kept, "cpm_deleted");
        assertNotNull(kept.tags().toString(), flagged);
        assertFalse(Instant.parse(flagged).isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        JsonNode after = api.get("/backups/" + backupId + "/dr-copies").json().get(0);
        assertEquals("DELETED", after.get("state").asText());
        assertTrue(after.get("deletedByTag").asBoolean());
        assertTrue(logOf(api, backupId).stream().anyMatch(m -> m.contains("tagged cpm_deleted=" + flagged)));

        // the account can be allowed to delete again, through the shell
        assertTrue(shell("haven:account-allow-deleting " + vault + " on").contains("allowed"));
        assertTrue(api.get("/accounts/" + vault).json().get("allowDeletingSnapshots").asBoolean());
    }

    /**
     * EC2 instances across accounts (decision 52): an instance backed up as snapshots is recovered into another backup
     * account of the user, which copies the shared snapshots (AWS registers images only from owned snapshots) and
     * launches from the AMI it registered from its copies; an instance backed up as an AMI is copied by the DR account
     * from the shared image (CopyImage) and recovered there from its copy. Checked as each account sees it.
     */
    @Test
    public void instancesAreRecoveredInAnotherAccountAndAmisCopiedIntoTheDrAccount() {
        String stagingAws = "610987654321";
        String drAws = "710987654321";
        Ec2Client ec2 = Emulator.ec2(REGION);
        String original = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                .maxCount(1).placement(p -> p.availabilityZone(REGION + "a"))).instances().get(0).instanceId();
        String amiOriginal = ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();
        HavenClient api = rest();
        // proxied: moto refuses CreateImage's snapshot tags, which AWS takes (AMI backups)
        long account = addProxiedEmulatorAccount(api);
        long staging = addRoleAccount(api, account, stagingAws, "BACKUP", null);
        long vault = addDrAccount(api, account, drAws, null);

        // snapshots of an instance, recovered into the staging account with the AMI kept
        long plain = api.post("/policies", policy("x-instance", account, Map.of())).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + plain + "/targets", Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", original)).status());
        JsonNode backup = runToEnd(api, plain);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        long backupId = backup.get("id").asLong();
        List<String> snapshots = new ArrayList<>();
        api.get("/backups/" + backupId + "/snapshots").json().forEach(s -> snapshots.add(s.get("awsId").asText()));
        JsonNode panel = api.get("/backups/" + backupId + "/recovery?targetAccountId=" + staging).json();
        JsonNode item = element(panel.get("recoverables"), "key", original);
        // the original's AMI (ami-12345678) is the backup account's: no default in another account
        assertTrue(option(item, "imageId").get("defaultValue").isNull());
        JsonNode recovered = awaitRecovery(api, api.post("/backups/" + backupId + "/recovery", Map.of("key", original,
                "targetAccountId", staging, "choices", Map.of("amiHandling", "keep", "zone", REGION + "a")))
                .json().get("id").asLong());
        assertEquals(recovered.toString(), "SUCCESSFUL", recovered.get("status").asText());
        Map<String, List<String>> created = new HashMap<>();
        api.get("/recoveries/" + recovered.get("id").asLong() + "/resources").json().forEach(r -> created
                .computeIfAbsent(r.get("kind").asText(), k -> new ArrayList<>()).add(r.get("awsId").asText()));
        Ec2Client stagingEc2 = ec2As(stagingAws, REGION);
        String ami = created.get("ami").get(0);
        software.amazon.awssdk.services.ec2.model.Instance launched = stagingEc2.describeInstances(r -> r.instanceIds(
                created.get("instance").get(0))).reservations().get(0).instances().get(0);
        assertEquals(ami, launched.imageId());
        assertEquals(stagingAws, stagingEc2.describeImages(r -> r.imageIds(ami)).images().get(0).ownerId());
        List<Snapshot> copies = stagingEc2.describeSnapshots(r -> r.filters(Filter.builder().name("owner-id")
                .values(stagingAws).build(), Filter.builder().name("tag:haven:recovery-of").values(original).build()))
                .snapshots();
        assertEquals(new java.util.TreeSet<>(created.get("snapshot")), new java.util.TreeSet<>(copies.stream()
                .map(Snapshot::snapshotId).toList()));
        assertEquals(new java.util.TreeSet<>(snapshots), new java.util.TreeSet<>(copies.stream()
                .map(c -> tag(c, "haven:copy-of")).toList()));
        for (String snapshot : snapshots) {
            assertEquals(List.of(stagingAws), ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshot)
                    .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions().stream()
                    .map(p -> p.userId()).toList());
        }
        List<String> recoveryLog = new ArrayList<>();
        api.get("/recoveries/" + recovered.get("id").asLong() + "/log").json()
                .forEach(l -> recoveryLog.add(l.get("message").asText()));
        assertTrue(recoveryLog.toString(), recoveryLog.stream().anyMatch(m -> m.contains("belongs to another account,"
                + " which shared it")) && recoveryLog.stream().anyMatch(m -> m.contains("hold AMI " + ami)));

        // an AMI backup: the DR account copies the shared image in the DR region and recovers from its copy there
        HavenClient.Response amiPolicy = api.post("/policies", policy("x-ami", account, Map.of("enabled", true,
                "regions", List.of(DR_REGION), "account", vault)));
        assertEquals(amiPolicy.body(), 201, amiPolicy.status());
        long amiPolicyId = amiPolicy.json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + amiPolicyId + "/targets", Map.of("type", "ec2-instance", "region",
                REGION, "resourceId", amiOriginal, "options", Map.of("backupMode", "ami"))).status());
        JsonNode amiBackup = runToEnd(api, amiPolicyId);
        assertEquals(amiBackup.toString(), "SUCCESSFUL", amiBackup.get("status").asText());
        long amiBackupId = amiBackup.get("id").asLong();
        eventually("the AMI's cross-account DR completes", Duration.ofSeconds(90),
                () -> "COMPLETED".equals(api.get("/backups/" + amiBackupId).json().get("drStatus").asText()));
        String image = snapshotOf(api, amiBackupId, "ec2-instance");
        JsonNode copy = api.get("/backups/" + amiBackupId + "/dr-copies").json().get(0);
        assertEquals(vault, copy.get("accountId").asLong());
        String imageCopy = copy.get("awsId").asText();
        Ec2Client vaultEc2 = ec2As(drAws, DR_REGION);
        software.amazon.awssdk.services.ec2.model.Image copied = vaultEc2.describeImages(r -> r.owners("self"))
                .images().stream().filter(i -> i.imageId().equals(imageCopy)).findFirst().orElseThrow();
        assertEquals(drAws, copied.ownerId());
        assertTrue(copied.tags().toString(), copied.tags().stream().anyMatch(t -> t.key().equals("haven:copy-of")
                && t.value().equals(image)));
        assertTrue(ec2.describeImageAttribute(r -> r.imageId(image).attribute("launchPermission")).launchPermissions()
                .stream().anyMatch(p -> drAws.equals(p.userId())));
        JsonNode vaultPanel = api.get("/backups/" + amiBackupId + "/recovery?drAccountId=" + vault).json();
        JsonNode amiItem = element(vaultPanel.get("recoverables"), "key", amiOriginal);
        assertEquals(imageCopy, option(amiItem, "imageId").get("defaultValue").asText());
        JsonNode fromCopy = awaitRecovery(api, api.post("/backups/" + amiBackupId + "/recovery", Map.of("key",
                amiOriginal, "drAccountId", vault, "choices", Map.of("zone", DR_REGION + "a"))).json().get("id").asLong());
        assertEquals(fromCopy.toString(), "SUCCESSFUL", fromCopy.get("status").asText());
        String vaultInstance = element(api.get("/recoveries/" + fromCopy.get("id").asLong() + "/resources").json(),
                "kind", "instance").get("awsId").asText();
        assertEquals(imageCopy, vaultEc2.describeInstances(r -> r.instanceIds(vaultInstance)).reservations().get(0)
                .instances().get(0).imageId());

        // the AMI backup recovered into the staging account (decision 52): the backup's own AMI is shared with it and
        // the instance launched there from it; launching from an image copies nothing into the account
        java.util.function.Supplier<List<String>> stagingSnapshots = () -> stagingEc2.describeSnapshots(r -> r.filters(
                Filter.builder().name("owner-id").values(stagingAws).build())).snapshots().stream()
                .map(Snapshot::snapshotId).sorted().toList();
        List<String> stagingBefore = stagingSnapshots.get();
        JsonNode amiInStaging = api.get("/backups/" + amiBackupId + "/recovery?targetAccountId=" + staging).json();
        assertEquals("the backup's AMI, shared", image, option(element(amiInStaging.get("recoverables"), "key",
                amiOriginal), "imageId").get("defaultValue").asText());
        // the check before the start passes although the AMI is shared with the account only after it (decision 52)
        HavenClient.Response started = api.post("/backups/" + amiBackupId + "/recovery", Map.of("key", amiOriginal,
                "targetAccountId", staging, "choices", Map.of("zone", REGION + "a")));
        assertEquals(started.body(), 202, started.status());
        JsonNode intoStaging = awaitRecovery(api, started.json().get("id").asLong());
        assertEquals(intoStaging.toString(), "SUCCESSFUL", intoStaging.get("status").asText());
        JsonNode stagedResources = api.get("/recoveries/" + intoStaging.get("id").asLong() + "/resources").json();
        String stagedInstance = element(stagedResources, "kind", "instance").get("awsId").asText();
        software.amazon.awssdk.services.ec2.model.Instance staged = stagingEc2.describeInstances(r -> r.instanceIds(
                stagedInstance)).reservations().get(0).instances().get(0);
        assertEquals("launched from the backup's AMI", image, staged.imageId());
        assertTrue("the instance is the staging account's", ec2.describeInstances(r -> r.filters(Filter.builder()
                .name("instance-id").values(stagedInstance).build())).reservations().isEmpty());
        assertTrue(ec2.describeImageAttribute(r -> r.imageId(image).attribute("launchPermission")).launchPermissions()
                .stream().anyMatch(p -> stagingAws.equals(p.userId())));
        assertTrue(stagedResources.toString(), stagedResources.findValuesAsText("kind").stream()
                .noneMatch(kind -> kind.equals("snapshot") || kind.equals("ami")));
        assertEquals("no snapshot copied into the staging account", stagingBefore, stagingSnapshots.get());
    }

    /**
     * The permission check (guide 14.3) of a DR account checks what a DR account does, exactly the actions of the
     * shipped docs/iam/dr-account.json; a backup account's check has the sharing features and none of the DR
     * account's. (PermissionCheckIT decides the actions against moto's IAM for a backup account.)
     */
    @Test
    public void aDrAccountsPermissionCheckIsItsPolicyFile() throws java.io.IOException {
        HavenClient api = rest();
        long account = addEmulatorAccount(api);
        long vault = addDrAccount(api, account, "410987654321", null);
        HavenClient.Response answer = api.post("/accounts/" + vault + "/permission-check?region=" + REGION, "");
        assertEquals(answer.body(), 200, answer.status());
        java.util.Set<String> checked = new java.util.TreeSet<>();
        for (JsonNode feature : answer.json().get("features")) {
            String id = feature.get("id").asText();
            assertTrue(id, id.equals("haven.identity") || id.endsWith(".dr-account") || id.endsWith(".dr-account-delete")
                    || id.endsWith(".dr-account-share"));
            for (String list : List.of("allowed", "missing", "unchecked")) {
                feature.get(list).forEach(a -> checked.add(a.asText()));
            }
        }
        assertTrue(checked.toString(), checked.contains("ec2:CopySnapshot") && checked.contains("rds:CopyDBSnapshot"));
        JsonNode policy = JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty(IAM_DOCS_PROPERTY),
                "dr-account.json")));
        java.util.Set<String> shipped = new java.util.TreeSet<>();
        policy.get("Statement").forEach(st -> st.get("Action").forEach(a -> shipped.add(a.asText())));
        assertEquals(shipped, checked);

        JsonNode backupCheck = api.post("/accounts/" + account + "/permission-check?region=" + REGION, "").json();
        List<String> ids = new ArrayList<>();
        backupCheck.get("features").forEach(f -> ids.add(f.get("id").asText()));
        assertTrue(ids.toString(), ids.contains("ebs-volume.dr-share") && ids.contains("rds-instance.dr-share"));
        assertTrue(ids.toString(), ids.stream().noneMatch(id -> id.contains("dr-account")));
    }

    /** The AWS id of the backup's one artifact of the type. */
    private static String snapshotOf(HavenClient api, long backupId, String type) {
        for (JsonNode s : api.get("/backups/" + backupId + "/snapshots").json()) {
            if (s.get("targetType").asText().equals(type)) {
                return s.get("awsId").asText();
            }
        }
        throw new AssertionError("backup " + backupId + " has no " + type + " artifact");
    }

    private static List<Snapshot> snapshotsOf(Ec2Client ec2, String owner, long backupId) {
        return ec2.describeSnapshots(r -> r.filters(Filter.builder().name("owner-id").values(owner).build(),
                Filter.builder().name("tag:haven:backup-id").values(String.valueOf(backupId)).build())).snapshots();
    }

    private static String tag(Snapshot snapshot, String key) {
        return snapshot.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    private static List<String> logOf(HavenClient api, long backupId) {
        List<String> lines = new ArrayList<>();
        api.get("/backups/" + backupId + "/log").json().forEach(l -> lines.add(l.get("message").asText()));
        return lines;
    }
}
