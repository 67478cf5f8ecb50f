package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.faults.Fault;
import io.haven.testing.faults.FaultProxy;
import io.haven.testing.moto.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Backups of a policy with instances and volumes through a proxy that fails EC2 calls at fixed, seeded
 * rates: throttling (RequestLimitExceeded), 5xx, and lost answers (moto executes the call, Haven sees a
 * 500), and for certain a lost CreateSnapshot and CreateSnapshots answer in every run and each kind of fault on a creating and
 * on a describe call. Every snapshot in the emulator carrying a run's tag is recorded exactly once (no
 * orphans), every volume has one snapshot per run (no doubles), and the calls stay within 1.3 times those
 * of a fault-free run of the same policy, as the proxy counts them.
 * Haven runs as a separate process, so that the proxy lives in this JVM.
 */
public class FaultInjectionIT {

    private static final String PASSWORD = "faults-Root-Pass-3";
    private static final String REGION = "us-east-1";
    private static final int FAULTED_RUNS = 4;
    private static final String DR_REGION = "us-west-2";
    private static final int COPIES = 6;
    private static final int HAVEN_COPY_LIMIT = 3;
    private static final int AWS_COPY_LIMIT = 2;
    private static final double THROTTLE = 0.04;
    private static final double ERROR = 0.02;
    private static final double LOST = 0.02;
    private static final List<Consumer<FaultProxy>> CERTAIN = List.of(
            p -> p.next("CreateSnapshot", Fault.ERROR),
            p -> p.next("DescribeVolumes", Fault.ERROR),
            p -> p.next("DescribeSnapshots", Fault.THROTTLE),
            p -> p.next("CreateSnapshot", Fault.THROTTLE));

    @Test
    public void faultsLeaveNoOrphansNoDoublesAndFewExtraCalls() throws Exception {
        MotoServer moto = DriverMoto.get();
        Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint()))
                .region(Region.of(REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            instances.add(ec2.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1).maxCount(1)
                    .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1").ebs(e -> e.volumeSize(1)).build(),
                            BlockDeviceMapping.builder().deviceName("/dev/sdf").ebs(e -> e.volumeSize(1)).build()))
                    .instances().get(0).instanceId());
        }
        List<String> volumes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            volumes.add(ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId());
        }
        Set<String> protectedVolumes = new HashSet<>(volumes);
        // two volumes per instance, the root one and /dev/sdf
        for (String instance : instances) {
            ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0)
                    .blockDeviceMappings().forEach(m -> protectedVolumes.add(m.ebs().volumeId()));
        }
        assertEquals(9, protectedVolumes.size());

        String port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        try (FaultProxy proxy = new FaultProxy(moto.endpoint());
             HavenProcess haven = new HavenProcess("fault-test", port, PASSWORD,
                     "io.haven.core.cfg:maxPollIntervalSeconds", "1",
                     "io.haven.core.cfg:drMaxCopiesPerRegion", String.valueOf(HAVEN_COPY_LIMIT),
                     // describes are retried by the SDK; with 4 retries a describe fails for good about once in 40,000
                     "io.haven.aws.cfg:maxRetries", "4")) {
            haven.start();
            HavenClient api = HavenClient.asRoot(PASSWORD);
            HavenTestSupport.eventually("Haven answers", Duration.ofMinutes(3), () -> api.get("/policies").status() == 200);
            long account = api.post("/accounts", Map.of("name", "faulty-emulator", "authMethod", "ACCESS_KEYS",
                    "accessKeyId", "test", "secretAccessKey", "test", "endpoint", proxy.endpoint())).json().get("id").asLong();
            long schedule = api.post("/schedules", Map.of("name", "daily", "every", 1, "unit", "DAYS",
                    "start", Instant.now().plus(Duration.ofHours(5)).toString())).json().get("id").asLong();
            long policy = api.post("/policies", Map.of("name", "faulty", "accountId", account, "generations", 10,
                    "scheduleIds", List.of(schedule))).json().get("id").asLong();
            for (String instance : instances) {
                addTarget(api, policy, "ec2-instance", instance);
            }
            for (String volume : volumes) {
                addTarget(api, policy, "ebs-volume", volume);
            }

            proxy.resetCounts();
            long clean = run(api, policy);
            int baseline = proxy.totalCalls();
            assertNoOrphansNoDoubles(api, ec2, clean, protectedVolumes);

            proxy.resetCounts();
            // every EC2 call may fail; STS (the account number, read once) is left alone
            proxy.rates(THROTTLE, ERROR, LOST, 20261205L, operation -> !"GetCallerIdentity".equals(operation));
            for (int i = 0; i < FAULTED_RUNS; i++) {
                // besides the random faults, for certain: a lost CreateSnapshot answer (a volume's) and a lost
                // CreateSnapshots answer (an instance's) in every run, and one more fault per run, each kind on a
                // creating call and on a describe call over the runs
                proxy.next("CreateSnapshot", Fault.LOST);
                proxy.next("CreateSnapshots", Fault.LOST);
                CERTAIN.get(i).accept(proxy);
                assertNoOrphansNoDoubles(api, ec2, run(api, policy), protectedVolumes);
            }
            proxy.noFaults();

            int faulted = proxy.totalCalls();
            String counts = "fault-free run: " + baseline + " calls; " + FAULTED_RUNS + " faulted runs: " + faulted
                    + " calls " + proxy.calls() + ", injected " + Map.of("throttle", proxy.injected(Fault.THROTTLE),
                    "error", proxy.injected(Fault.ERROR), "lost", proxy.injected(Fault.LOST));
            System.out.println(counts);
            assertTrue(counts, proxy.injected(Fault.THROTTLE) >= 2 && proxy.injected(Fault.ERROR) >= 2
                    && proxy.injected(Fault.LOST) >= FAULTED_RUNS);
            assertTrue(counts, faulted <= 1.3 * FAULTED_RUNS * baseline);

            drCopiesAreHeldAtTheConcurrentCopyLimits(api, moto);
        }
    }

    /**
     * Issue 11: DR copies in flight per destination region never exceed Haven's setting and reach it while copies
     * wait; when AWS's own limit is lower, a copy it refuses (ResourceLimitExceeded) waits and is tried again, and
     * every copy completes, each made once. The proxy keeps snapshots and copies pending and counts copies in flight.
     */
    private static void drCopiesAreHeldAtTheConcurrentCopyLimits(HavenClient api, MotoServer moto) throws Exception {
        Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        Ec2Client dr = Ec2Client.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(DR_REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        try (AwsBehaviourProxy aws = new AwsBehaviourProxy(moto.endpoint())) {
            aws.snapshotsPendingFor(Duration.ofSeconds(2));
            long account = api.post("/accounts", Map.of("name", "copy-limited", "authMethod", "ACCESS_KEYS",
                    "accessKeyId", "test", "secretAccessKey", "test", "endpoint", aws.endpoint())).json().get("id").asLong();
            long policy = api.post("/policies", Map.of("name", "copied", "accountId", account, "generations", 10,
                    "dr", Map.of("enabled", true, "regions", List.of(DR_REGION)))).json().get("id").asLong();
            for (int i = 0; i < COPIES; i++) {
                addTarget(api, policy, "ebs-volume", ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1))
                        .volumeId());
            }

            // AWS's limit above Haven's: Haven holds itself at its own
            runWithDr(api, policy, dr);
            assertEquals("in flight at once, never above Haven's setting and reaching it", HAVEN_COPY_LIMIT,
                    aws.mostCopiesInFlight());
            assertEquals(0, aws.refusedCopies());

            // AWS's limit below Haven's: refused copies wait and are tried again until all are made
            aws.resetCounts();
            aws.copiesInFlightAtMost(AWS_COPY_LIMIT);
            long second = runWithDr(api, policy, dr);
            String log = api.get("/backups/" + second + "/log").body();
            assertTrue(log, aws.refusedCopies() > 0 && log.contains("deferred: ResourceLimitExceeded"));
            assertEquals("in flight at once, held at AWS's limit", AWS_COPY_LIMIT, aws.mostCopiesInFlight());
        }
    }

    /** Runs the policy and waits for its DR; each of its copies completed, and made once in the DR region. */
    private static long runWithDr(HavenClient api, long policy, Ec2Client dr) {
        long backup = run(api, policy);
        HavenTestSupport.eventually("the DR of backup " + backup + " ends", Duration.ofSeconds(120),
                () -> Set.of("COMPLETED", "FAILED", "TIMED_OUT").contains(api.get("/backups/" + backup).json()
                        .path("drStatus").asText()));
        JsonNode ended = api.get("/backups/" + backup).json();
        assertEquals(ended + "\n" + api.get("/backups/" + backup + "/log").body(), "COMPLETED",
                ended.get("drStatus").asText());
        JsonNode copies = api.get("/backups/" + backup + "/dr-copies").json();
        assertEquals(copies.toString(), COPIES, copies.size());
        Set<String> recorded = new HashSet<>();
        copies.forEach(c -> recorded.add(c.get("awsId").asText()));
        Set<String> inAws = new HashSet<>();
        dr.describeSnapshots(r -> r.filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name("tag:haven:backup-id").values(String.valueOf(backup)).build())).snapshots()
                .forEach(snapshot -> assertTrue("made once: " + snapshot.snapshotId(), inAws.add(snapshot.snapshotId())));
        assertEquals(recorded, inAws);
        return backup;
    }

    private static long run(HavenClient api, long policy) {
        HavenClient.Response started = api.post("/policies/" + policy + "/run", "");
        assertEquals(started.body(), 202, started.status());
        long backup = started.json().get("backupId").asLong();
        HavenTestSupport.eventually("backup " + backup + " ends", Duration.ofSeconds(90),
                () -> !"IN_PROGRESS".equals(api.get("/backups/" + backup).json().get("status").asText()));
        JsonNode ended = api.get("/backups/" + backup).json();
        assertEquals(ended + "\n" + api.get("/backups/" + backup + "/log").body(), "SUCCESSFUL",
                ended.get("status").asText());
        return backup;
    }

    /** Each snapshot tagged with the run is recorded once, and each protected volume has exactly one of them. */
    private static void assertNoOrphansNoDoubles(HavenClient api, Ec2Client ec2, long backup, Set<String> volumes) {
        List<Snapshot> tagged = ec2.describeSnapshots(b -> b.filters(f -> f.name("tag:haven:backup-id")
                .values(String.valueOf(backup)))).snapshots();
        List<String> recorded = new ArrayList<>();
        api.get("/backups/" + backup + "/snapshots").json().forEach(s -> recorded.add(s.get("awsId").asText()));
        String log = api.get("/backups/" + backup + "/log").body();
        assertEquals("recorded once: " + log, recorded.size(), new HashSet<>(recorded).size());
        assertEquals("no orphans: " + log, new HashSet<>(recorded),
                new HashSet<>(tagged.stream().map(Snapshot::snapshotId).toList()));
        Map<String, Integer> perVolume = new HashMap<>();
        tagged.forEach(s -> perVolume.merge(s.volumeId(), 1, Integer::sum));
        Map<String, Integer> expected = new HashMap<>();
        volumes.forEach(v -> expected.put(v, 1));
        assertEquals("one snapshot per volume: " + log, expected, perVolume);
    }

    private static void addTarget(HavenClient api, long policy, String type, String resourceId) {
        HavenClient.Response added = api.post("/policies/" + policy + "/targets", Map.of("type", type,
                "region", REGION, "resourceId", resourceId));
        assertEquals(added.body(), 201, added.status());
    }
}
