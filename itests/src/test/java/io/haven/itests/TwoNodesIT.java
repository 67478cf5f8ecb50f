package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.postgres.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Two Haven nodes, as an operator runs them, on one PostgreSQL database (decision 0039). A backup runs on node a while
 * its snapshots are pending; node a is killed (SIGKILL); node b takes the run over once a's heartbeat is older than the
 * node timeout, and finishes it with the snapshots a made, none made twice. Both nodes serve the same data. Node a
 * then comes back in recovery-only mode: it shows every backup and refuses to make one.
 */
public class TwoNodesIT {

    private static final String PASSWORD = "two-Nodes-Root-9";
    private HavenProcess nodeA;
    private HavenProcess nodeB;

    @After
    public void stopNodes() throws InterruptedException {
        if (nodeA != null) {
            nodeA.kill();
        }
        if (nodeB != null) {
            nodeB.kill();
        }
    }

    @Test
    public void aKilledNodesBackupIsFinishedByTheOtherNode() throws Exception {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target", "two-nodes-secrets.key"));
        MotoServer moto = DriverMoto.get();
        PostgresServer postgres = DriverPostgres.get();
        String portA = HavenTestSupport.freePort();
        String portB = HavenTestSupport.freePort();
        nodeA = node("node-a", portA, postgres);
        nodeB = node("node-b", portB, postgres);
        Ec2Client ec2 = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        List<String> volumes = List.of(ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId(),
                ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId());

        try (StallingProxy proxy = new StallingProxy(moto.endpoint())) {
            proxy.stall(true);
            HavenClient a = HavenClient.asRoot(PASSWORD).at(portA);
            HavenClient b = HavenClient.asRoot(PASSWORD).at(portB);
            // One after the other: the first node creates the schema, the second finds it.
            nodeA.start();
            HavenTestSupport.eventually("node a answers", Duration.ofMinutes(3), () -> a.get("/policies").status() == 200);
            nodeB.start();
            HavenTestSupport.eventually("node b answers", Duration.ofMinutes(3), () -> b.get("/policies").status() == 200);

            long account = a.post("/accounts", Map.of("name", "emulator", "authMethod", "ACCESS_KEYS", "accessKeyId",
                    "test", "secretAccessKey", "test", "endpoint", proxy.endpoint())).json().get("id").asLong();
            long policy = a.post("/policies", Map.of("name", "shared", "accountId", account, "generations", 2)).json()
                    .get("id").asLong();
            for (String volume : volumes) {
                assertEquals(201, a.post("/policies/" + policy + "/targets", Map.of("type", "ebs-volume",
                        "region", "us-east-1", "resourceId", volume)).status());
            }
            assertEquals("node b sees what node a stored", 2, b.get("/policies/" + policy + "/targets").json().size());

            long backup = a.post("/policies/" + policy + "/run", "").json().get("backupId").asLong();
            HavenTestSupport.eventually("both snapshots are recorded and pending", Duration.ofSeconds(60), () ->
                    a.get("/backups/" + backup + "/snapshots").json().size() == 2
                            && a.get("/backups/" + backup + "/log").body().contains("targets handled"));
            nodeA.kill();
            proxy.stall(false);

            // The node timeout is 5 s here (30 s by default): well within the minute the issue allows.
            HavenTestSupport.eventually("node b takes the run over and finishes it", Duration.ofSeconds(60), () ->
                    "SUCCESSFUL".equals(b.get("/backups/" + backup).json().path("status").asText()));
            String log = b.get("/backups/" + backup + "/log").body();
            assertTrue(log, log.contains("Node node-a stopped answering while this backup was in progress; node node-b "
                    + "takes it over"));
            JsonNode snapshots = b.get("/backups/" + backup + "/snapshots").json();
            assertEquals(log, 2, snapshots.size());
            snapshots.forEach(s -> assertEquals("COMPLETED", s.get("state").asText()));
            assertEquals("every snapshot in the emulator is recorded exactly once: " + log, 2,
                    BackupFlowIT.snapshotsOf(ec2, backup).size());

            // Node b carries new runs alone now.
            long next = b.post("/policies/" + policy + "/run", "").json().get("backupId").asLong();
            HavenTestSupport.eventually("node b runs the next backup", Duration.ofSeconds(60), () ->
                    "SUCCESSFUL".equals(b.get("/backups/" + next).json().path("status").asText()));

            // Node a comes back in recovery-only mode: it sees everything and makes no backup.
            nodeA.set("io.haven.core.cfg:recoveryOnly", "true");
            nodeA.start();
            HavenTestSupport.eventually("node a answers again", Duration.ofMinutes(3), () -> a.get("/policies").status() == 200);
            HavenClient.Response refused = a.post("/policies/" + policy + "/run", "");
            assertEquals(refused.body(), 409, refused.status());
            assertTrue(refused.body(), refused.body().contains("recovery-only mode"));
            assertEquals("SUCCESSFUL", a.get("/backups/" + next).json().path("status").asText());
            assertEquals(2, a.get("/backups/" + backup + "/snapshots").json().size());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- node b's log:\n" + tail(nodeB.log()), e);
        }
    }

    private static HavenProcess node(String name, String port, PostgresServer postgres) throws Exception {
        // Every node reads account secrets with the same key (docs/configuration.md): node a makes it, node b reads it.
        String sharedKey = java.nio.file.Path.of("target", "two-nodes-secrets.key").toAbsolutePath().toString();
        HavenProcess node = new HavenProcess(name, port, PASSWORD,
                "io.haven.core.cfg:secretKeyFile", sharedKey,
                "io.haven.core.cfg:nodeId", name,
                "io.haven.core.cfg:nodeHeartbeatSeconds", "1",
                "io.haven.core.cfg:nodeTimeoutSeconds", "5",
                "io.haven.core.cfg:maxPollIntervalSeconds", "1");
        node.usePostgres(postgres, DriverPostgres.DATABASE);
        return node;
    }

    private static String tail(String log) {
        return log.length() > 20_000 ? log.substring(log.length() - 20_000) : log;
    }
}
