package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The EC2 backup options of guide 4.2.4 through the distribution: AMIs instead of snapshots (removed by
 * retention like snapshots), and snapshots plus one initial AMI per instance. The account goes through
 * the driver's proxy, because moto refuses CreateImage with snapshot tags, which AWS accepts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class Ec2OptionsIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    @Test
    public void amiBackupsAreImagesThatRetentionDeregisters() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String instance = instance(ec2);
        HavenClient api = rest();
        long policyId = policy(api, 1);
        HavenClient.Response target = api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance",
                "region", REGION, "resourceId", instance, "options", Map.of("backupMode", "ami", "reboot", "true")));
        assertEquals(target.body(), 201, target.status());

        JsonNode first = runToEnd(api, policyId);
        assertEquals(first.toString(), "SUCCESSFUL", first.get("status").asText());
        JsonNode artifacts = api.get("/backups/" + first.get("id").asLong() + "/snapshots").json();
        assertEquals(artifacts.toString(), 1, artifacts.size());
        assertEquals("ami", artifacts.get(0).get("kind").asText());
        String ami = artifacts.get(0).get("awsId").asText();
        assertEquals(List.of(ami), imagesTagged(ec2, "haven:backup-id", first.get("id").asText()));

        runToEnd(api, policyId);
        eventually("retention de-registers the older AMI", Duration.ofSeconds(30),
                () -> imagesTagged(ec2, "haven:backup-id", first.get("id").asText()).isEmpty());
    }

    @Test
    public void snapshotsWithAnInitialAmiKeepOneImageOfTheRootDevicePerInstance() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String instance = instance(ec2);
        HavenClient api = rest();
        long policyId = policy(api, 3);
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance", "region", REGION,
                "resourceId", instance, "options", Map.of("backupMode", "snapshots-and-initial-ami"))).status());

        JsonNode first = runToEnd(api, policyId);
        assertEquals(first.toString(), "SUCCESSFUL", first.get("status").asText());
        JsonNode artifacts = api.get("/backups/" + first.get("id").asLong() + "/snapshots").json();
        artifacts.forEach(a -> assertEquals("ebs-snapshot", a.get("kind").asText()));
        List<String> initial = imagesTagged(ec2, "haven:initial-ami", instance);
        assertEquals(1, initial.size());

        runToEnd(api, policyId);
        assertEquals("the initial AMI is made once, not per backup", initial,
                imagesTagged(ec2, "haven:initial-ami", instance));
    }

    @Test
    public void badEc2OptionsAreRefusedNamingTheOption() {
        Ec2Client ec2 = Emulator.ec2(REGION);
        String instance = instance(ec2);
        HavenClient api = rest();
        long policyId = policy(api, 3);
        HavenClient.Response mode = api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance",
                "region", REGION, "resourceId", instance, "options", Map.of("backupMode", "sometimes")));
        assertEquals(mode.body(), 400, mode.status());
        assertEquals("options.backupMode", mode.json().get("field").asText());
        HavenClient.Response reboot = api.post("/policies/" + policyId + "/targets", Map.of("type", "ec2-instance",
                "region", REGION, "resourceId", instance, "options", Map.of("reboot", "true")));
        assertEquals(reboot.body(), 400, reboot.status());
        assertTrue(reboot.body(), reboot.json().get("field").asText().startsWith("options."));
        assertEquals(0, api.get("/policies/" + policyId + "/targets").json().size());
    }

    private static long policy(HavenClient api, int generations) {
        return api.post("/policies", Map.of("name", "ami-" + System.nanoTime(), "accountId",
                addProxiedEmulatorAccount(api), "generations", generations)).json().get("id").asLong();
    }

    private static String instance(Ec2Client ec2) {
        return ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }

    private static List<String> imagesTagged(Ec2Client ec2, String key, String value) {
        return ec2.describeImages(r -> r.owners("self").filters(Filter.builder().name("tag:" + key).values(value).build()))
                .images().stream().filter(i -> !"deregistered".equals(i.stateAsString())).map(Image::imageId).toList();
    }
}
