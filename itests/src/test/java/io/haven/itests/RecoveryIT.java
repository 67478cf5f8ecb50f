package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Recovery of EBS volumes and EC2 instances (guide 9.2, 9.3) from real backups, through the REST API of
 * the distribution, with the results checked in the emulator through the SDK.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RecoveryIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";
    private static final String ZONE = REGION + "a";

    /** Built on first use: the class is also instantiated outside the container, where there is no emulator. */
    private Ec2Client ec2;

    private Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = Emulator.ec2(REGION);
        }
        return ec2;
    }

    @Test
    public void aVolumeIsRecoveredLargerWithItsTagsAndAttachedWhereAsked() {
        HavenClient api = rest();
        String volume = ec2().createVolume(r -> r.availabilityZone(ZONE).size(4).volumeType("gp2")
                .tagSpecifications(t -> t.resourceType("volume").tags(tag("Name", "ledger-data"), tag("env", "prod"))))
                .volumeId();
        long policyId = policy(api, "vols", "ebs-volume", volume);
        long backupId = successfulBackup(api, policyId);

        JsonNode panel = api.get("/backups/" + backupId + "/recovery").json();
        JsonNode recoverable = element(panel.get("recoverables"), "key", volume);
        assertEquals("volume", recoverable.get("kind").asText());
        assertEquals("4", option(recoverable, "sizeGiB").get("defaultValue").asText());
        assertEquals(ZONE, option(recoverable, "zone").get("defaultValue").asText());

        String running = instance();
        int volumesBefore = ec2().describeVolumes().volumes().size();
        assertRefused(api, backupId, volume, Map.of("sizeGiB", "2"), "sizeGiB");
        assertRefused(api, backupId, volume, Map.of("volumeType", "io1", "iops", "999999"), "iops");
        assertRefused(api, backupId, volume, Map.of("attachTo", running, "device", "/dev/sdf",
                "attachBehaviour", "switch"), "attachBehaviour");
        assertEquals("nothing was created by refused recoveries", volumesBefore, ec2().describeVolumes().volumes().size());

        JsonNode bigger = recoverToEnd(api, backupId, volume, Map.of("sizeGiB", "10", "volumeType", "gp3"));
        assertEquals(bigger.toString(), "SUCCESSFUL", bigger.get("status").asText());
        String recovered = createdOfKind(api, bigger, "volume").get(0);
        Volume inEmulator = ec2().describeVolumes(r -> r.volumeIds(recovered)).volumes().get(0);
        assertEquals(10, inEmulator.size().intValue());
        assertEquals("gp3", inEmulator.volumeTypeAsString());
        assertEquals(ZONE, inEmulator.availabilityZone());
        assertEquals("ledger-data", tags(inEmulator.tags()).get("Name"));
        assertEquals("prod", tags(inEmulator.tags()).get("env"));

        JsonNode attached = recoverToEnd(api, backupId, volume, Map.of("attachTo", running, "device", "/dev/sdh"));
        assertEquals(attached.toString(), "SUCCESSFUL", attached.get("status").asText());
        String attachedVolume = createdOfKind(api, attached, "volume").get(0);
        Volume a = ec2().describeVolumes(r -> r.volumeIds(attachedVolume)).volumes().get(0);
        assertEquals(running, a.attachments().get(0).instanceId());
        assertEquals("/dev/sdh", a.attachments().get(0).device());

        assertEquals(2, api.get("/recoveries?policyId=" + policyId).json().size());
        assertFalse(api.get("/policies/" + policyId).json().get("lastRecovered").isNull());
        assertTrue(shell("haven:recovery-list --policy vols").contains(attached.get("id").asText()));
    }

    @Test
    public void otherCredentialsMustBeOfTheSameAwsAccount() {
        HavenClient api = rest();
        String volume = ec2().createVolume(r -> r.availabilityZone(ZONE).size(1)).volumeId();
        long backupId = successfulBackup(api, policy(api, "keys", "ebs-volume", volume));
        StsClient sts = Emulator.client(StsClient.builder(), REGION);
        Credentials foreign = sts.assumeRole(r -> r.roleArn("arn:aws:iam::111111111111:role/recovery")
                .roleSessionName("it")).credentials();

        HavenClient.Response refused = api.post("/backups/" + backupId + "/recovery", Map.of("key", volume,
                "credentials", Map.of("accessKeyId", foreign.accessKeyId(), "secretAccessKey", foreign.secretAccessKey())));
        assertEquals(refused.body(), 400, refused.status());
        assertEquals("credentials", refused.json().get("field").asText());
        assertTrue(refused.body(), refused.body().contains("111111111111"));
        assertFalse(refused.body().contains(foreign.secretAccessKey()));

        HavenClient.Response accepted = api.post("/backups/" + backupId + "/recovery", Map.of("key", volume,
                "credentials", Map.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE", "secretAccessKey", "same-account")));
        assertEquals(accepted.body(), 202, accepted.status());
        assertTrue(accepted.json().get("withOtherCredentials").asBoolean());
        assertFalse(accepted.body().contains("same-account"));
        awaitRecovery(api, accepted.json().get("id").asLong());
    }

    @Test
    public void anInstanceIsRecoveredFromItsSnapshotsWithTheChosenTypeAndTheAmiHandledAsAsked() {
        HavenClient api = rest();
        String original = instance();
        String data = ec2().createVolume(r -> r.availabilityZone(ZONE).size(2)).volumeId();
        ec2().attachVolume(r -> r.volumeId(data).instanceId(original).device("/dev/sdf"));
        long backupId = successfulBackup(api, policy(api, "servers", "ec2-instance", original));

        JsonNode panel = api.get("/backups/" + backupId + "/recovery").json();
        JsonNode recoverable = element(panel.get("recoverables"), "key", original);
        assertEquals("instance", recoverable.get("kind").asText());
        assertEquals("snapshot", option(recoverable, "launchFrom").get("defaultValue").asText());
        assertNotNull(element(panel.get("recoverables"), "key", data));

        Instance source = instanceById(original);
        int instancesBefore = instanceCount();
        assertRefused(api, backupId, original, Map.of("subnetId", source.subnetId(), "privateIp", "192.0.2.10"),
                "privateIp");
        assertEquals(instancesBefore, instanceCount());

        JsonNode launched = recoverToEnd(api, backupId, original, Map.of("instanceType", "t3.small"));
        assertEquals(launched.toString(), "SUCCESSFUL", launched.get("status").asText());
        String instanceId = createdOfKind(api, launched, "instance").get(0);
        Instance recovered = instanceById(instanceId);
        assertEquals("t3.small", recovered.instanceTypeAsString());
        assertEquals("running", recovered.state().nameAsString());
        String temporaryAmi = removedAmi(api, launched);
        List<Image> left = ec2().describeImages(r -> r.imageIds(temporaryAmi)).images();
        assertTrue("the temporary AMI is de-registered after launch",
                left.isEmpty() || "deregistered".equals(left.get(0).stateAsString()));

        JsonNode registered = recoverToEnd(api, backupId, original, Map.of("amiHandling", "register-only"));
        assertEquals(registered.toString(), "SUCCESSFUL", registered.get("status").asText());
        assertTrue(createdOfKind(api, registered, "instance").isEmpty());
        String ami = createdOfKind(api, registered, "ami").get(0);
        assertEquals("available", ec2().describeImages(r -> r.imageIds(ami)).images().get(0).stateAsString());
        assertEquals(instancesBefore + 1, instanceCount());

        JsonNode recorded = api.get("/backups/" + backupId + "/recovery/" + original + "/image").json();
        assertEquals(source.imageId(), recorded.get("id").asText());
    }

    /** Guide 6 and 9.2: launched from the initial AMI, but with the backup's system drive; nothing left behind. */
    @Test
    public void anInitialAmiInstanceIsLaunchedFromItsAmiWithTheBackupsRootVolume() {
        HavenClient api = rest();
        String original = instance();
        String data = ec2().createVolume(r -> r.availabilityZone(ZONE).size(2)).volumeId();
        ec2().attachVolume(r -> r.volumeId(data).instanceId(original).device("/dev/sdf"));
        // initial AMIs need the proxied account: moto refuses CreateImage's snapshot tags, AWS does not
        long policyId = api.post("/policies", Map.of("name", "windows-like", "accountId", addProxiedEmulatorAccount(api),
                "generations", 3)).json().get("id").asLong();
        HavenClient.Response target = api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance",
                "region", REGION, "resourceId", original, "options", Map.of("backupMode", "snapshots-and-initial-ami")));
        assertEquals(target.body(), 201, target.status());
        long backupId = successfulBackup(api, policyId);
        String rootDevice = instanceById(original).rootDeviceName();
        String rootSnapshot = null;
        for (JsonNode artifact : api.get("/backups/" + backupId + "/snapshots").json()) {
            if (rootDevice.equals(artifact.path("device").asText())) {
                rootSnapshot = artifact.get("awsId").asText();
            }
        }
        assertNotNull("the backup holds the root device's snapshot", rootSnapshot);
        JsonNode recoverable = element(api.get("/backups/" + backupId + "/recovery").json().get("recoverables"),
                "key", original);
        assertEquals("backup", option(recoverable, "rootVolume").get("defaultValue").asText());
        String initialAmi = option(recoverable, "imageId").get("defaultValue").asText();
        List<String> volumesBefore = volumeIds();

        JsonNode launched = recoverToEnd(api, backupId, original, Map.of("launchFrom", "image"));

        assertEquals(launched.toString(), "SUCCESSFUL", launched.get("status").asText());
        Instance recovered = instanceById(createdOfKind(api, launched, "instance").get(0));
        assertEquals(initialAmi, recovered.imageId());
        assertEquals("running", recovered.state().nameAsString());
        Map<String, String> snapshotByDevice = new HashMap<>();
        recovered.blockDeviceMappings().forEach(m -> snapshotByDevice.put(m.deviceName(),
                ec2().describeVolumes(r -> r.volumeIds(m.ebs().volumeId())).volumes().get(0).snapshotId()));
        assertEquals("the system drive is the backup's", rootSnapshot, snapshotByDevice.get(rootDevice));
        assertEquals(2, snapshotByDevice.size());
        List<String> added = new ArrayList<>(volumeIds());
        added.removeAll(volumesBefore);
        List<String> recoveredVolumes = new ArrayList<>();
        recovered.blockDeviceMappings().forEach(m -> recoveredVolumes.add(m.ebs().volumeId()));
        assertEquals("the image's root volume was deleted", recoveredVolumes.stream().sorted().toList(),
                added.stream().sorted().toList());
        String log = api.get("/recoveries/" + launched.get("id").asLong() + "/log").body();
        assertTrue(log, log.contains("Stopping " + recovered.instanceId()) && log.contains("Deleted the image's root volume"));
    }

    private List<String> volumeIds() {
        List<String> ids = new ArrayList<>();
        ec2().describeVolumes().volumes().forEach(v -> ids.add(v.volumeId()));
        return ids;
    }

    private void assertRefused(HavenClient api, long backupId, String key, Map<String, String> choices, String field) {
        int recoveries = api.get("/recoveries?backupId=" + backupId).json().size();
        HavenClient.Response refused = api.post("/backups/" + backupId + "/recovery", Map.of("key", key,
                "choices", choices));
        assertEquals(refused.body(), 400, refused.status());
        assertEquals(refused.body(), field, refused.json().get("field").asText());
        assertEquals("a refused recovery is not recorded", recoveries,
                api.get("/recoveries?backupId=" + backupId).json().size());
    }

    private JsonNode recoverToEnd(HavenClient api, long backupId, String key, Map<String, String> choices) {
        HavenClient.Response started = api.post("/backups/" + backupId + "/recovery", Map.of("key", key,
                "choices", choices));
        assertEquals(started.body(), 202, started.status());
        return awaitRecovery(api, started.json().get("id").asLong());
    }

    private static List<String> createdOfKind(HavenClient api, JsonNode recovery, String kind) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : api.get("/recoveries/" + recovery.get("id").asLong() + "/resources").json()) {
            if (kind.equals(item.get("kind").asText()) && !"REMOVED".equals(item.get("state").asText())) {
                ids.add(item.get("awsId").asText());
            }
        }
        return ids;
    }

    private static String removedAmi(HavenClient api, JsonNode recovery) {
        for (JsonNode item : api.get("/recoveries/" + recovery.get("id").asLong() + "/resources").json()) {
            if ("ami".equals(item.get("kind").asText()) && "REMOVED".equals(item.get("state").asText())) {
                return item.get("awsId").asText();
            }
        }
        throw new AssertionError("No AMI was removed: " + recovery);
    }

    private long successfulBackup(HavenClient api, long policyId) {
        JsonNode backup = runToEnd(api, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        return backup.get("id").asLong();
    }

    private static long policy(HavenClient api, String name, String type, String resourceId) {
        long id = api.post("/policies", Map.of("name", name, "accountId", addEmulatorAccount(api), "generations", 3))
                .json().get("id").asLong();
        HavenClient.Response target = api.post("/policies/" + id + "/targets", Map.of("type", type, "region", REGION,
                "resourceId", resourceId));
        assertEquals(target.body(), 201, target.status());
        return id;
    }

    private String instance() {
        return ec2().runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(ZONE))).instances().get(0).instanceId();
    }

    private Instance instanceById(String id) {
        return ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private int instanceCount() {
        return ec2().describeInstances().reservations().stream().mapToInt(r -> r.instances().size()).sum();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}
