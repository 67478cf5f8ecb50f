package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The target-type SPI is open: a plugin bundle dropped into the running distribution's deploy/ folder
 * adds a type that REST and the shell offer and that can be backed up, without a restart; removing the
 * bundle leaves its targets visible as unavailable, and the policy's other targets are still backed up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotDeployIT extends HavenTestSupport {

    private static final String TYPE = "test-widget";

    @Test
    public void aTargetTypeComesAndGoesWithItsBundle() throws Exception {
        HavenClient api = rest();
        assertFalse(api.get("/target-types").body().contains(TYPE));

        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "widget-plugin.jar");
        Files.copy(Path.of(System.getProperty(WIDGET_PLUGIN_PROPERTY)), deployed, StandardCopyOption.REPLACE_EXISTING);
        eventually("the new type is offered", Duration.ofSeconds(60), () -> api.get("/target-types").body().contains(TYPE));
        assertTrue(shell("haven:target-types").contains(TYPE));

        String volume = Emulator.ec2("us-east-1").createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
        long account = api.post("/accounts", Map.of("name", "emulator", "authMethod", "ACCESS_KEYS",
                "accessKeyId", "test", "secretAccessKey", "test", "endpoint", Emulator.endpoint())).json().get("id").asLong();
        long schedule = api.post("/schedules", Map.of("name", "weekly", "every", 1, "unit", "WEEKS",
                "start", Instant.now().plus(Duration.ofDays(2)).toString())).json().get("id").asLong();
        long policy = api.post("/policies", Map.of("name", "mixed", "accountId", account, "generations", 3,
                "scheduleIds", List.of(schedule))).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + policy + "/targets", Map.of("type", TYPE, "region", "us-east-1",
                "resourceId", "widget-1")).status());
        assertEquals(201, api.post("/policies/" + policy + "/targets", Map.of("type", "ebs-volume", "region", "us-east-1",
                "resourceId", volume)).status());

        long first = run(api, policy);
        assertEquals("SUCCESSFUL", api.get("/backups/" + first).json().get("status").asText());
        assertTrue(api.get("/backups/" + first + "/snapshots").body().contains("widget-copy"));

        Files.delete(deployed);
        eventually("the type is gone", Duration.ofSeconds(60), () -> !api.get("/target-types").body().contains(TYPE));
        JsonNode targets = api.get("/policies/" + policy + "/targets").json();
        assertEquals(2, targets.size());
        for (JsonNode target : targets) {
            boolean widget = target.toString().contains(TYPE);
            assertEquals(target.toString(), !widget, target.get("available").asBoolean());
        }

        long second = run(api, policy);
        JsonNode backup = api.get("/backups/" + second).json();
        assertEquals("PARTIALLY_SUCCESSFUL", backup.get("status").asText());
        JsonNode snapshots = api.get("/backups/" + second + "/snapshots").json();
        assertEquals(1, snapshots.size());
        assertEquals(volume, snapshots.get(0).get("volumeId").asText());
        assertTrue(api.get("/backups/" + second + "/log").body().contains("no installed plugin serves type " + TYPE));
    }

    private static long run(HavenClient api, long policy) {
        long id = api.post("/policies/" + policy + "/run", "").json().get("backupId").asLong();
        eventually("backup " + id + " ends", Duration.ofSeconds(60),
                () -> !"IN_PROGRESS".equals(api.get("/backups/" + id).json().get("status").asText()));
        return id;
    }
}
