package io.haven.benchmarks;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.aws.RateLimitSettings;
import io.haven.core.backup.BackupEngine;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.HavenStore;
import io.haven.target.ec2.Ec2InstanceTargetType;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.faults.Ec2EstateEmulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Issue 13, goal 1, whole: {@code instances} EC2 instances (default 10,000) of {@code volumesPerInstance} volumes
 * (default 3) in three account-regions, held by {@code policies} policies (default 100) and run at once, hourly, by
 * the real engine and the real EC2 type through haven-aws and its limiter, against {@link Ec2EstateEmulator} behind
 * {@link AwsBehaviourProxy}: AWS's EC2 token buckets (CreateSnapshots and DeleteSnapshot 100 and 5 a second per
 * account-region) and snapshots pending {@code pendingSeconds} (default 300). One generation is kept, so from the
 * second of {@code rounds} (default 2) on, retention deletes the whole previous run: 10,000 DeleteSnapshot calls per
 * account-region, which at 5 a second is the longest job of the hour. Beside it in the same run, in three accounts
 * of its own (their own buckets), a bare AWS SDK loop per account-region makes the minimum calls: one
 * DescribeInstances per 200 instances, one CreateSnapshots per instance, one DescribeSnapshots per 200 pending
 * snapshots every 10 s, one DeleteSnapshot per snapshot of the previous round, retrying what the SDK gave up on.
 * Run it under goal 1's heap: {@code -DargLine=-Xmx512m} (the emulator and the proxy share that heap).
 */
class EstateHourBenchmark {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "us-west-2");
    private static final Duration BARE_ROUND = Duration.ofSeconds(10);

    @Test
    void tenThousandInstancesAnHourAtAwsPace() throws Exception {
        int instances = Integer.getInteger("instances", 10_000);
        int volumes = Integer.getInteger("volumesPerInstance", 3);
        int policies = Integer.getInteger("policies", 100);
        int rounds = Integer.getInteger("rounds", 2);
        Duration pending = Duration.ofSeconds(Integer.getInteger("pendingSeconds", 300));
        int accounts = REGIONS.size();

        Path folder = Path.of("target", "estate-hour-benchmark").toAbsolutePath();
        EngineRuns.deleteTree(folder);
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(folder.resolve("db").toString());
        dataSource.setCreateDatabase("create");
        HavenStore store = new HavenStore(dataSource);

        try (Ec2EstateEmulator estate = new Ec2EstateEmulator();
             AwsBehaviourProxy aws = new AwsBehaviourProxy(estate.endpoint());
             DefaultAwsClients clients = new DefaultAwsClients(AwsSettings.withEndpoint(aws.endpoint()),
                     RateLimitSettings.defaults())) {
            aws.snapshotsPendingFor(pending);
            Map<Long, String> awsAccountOf = new HashMap<>();
            List<Long> accountIds = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                String awsAccount = havenAccount(a);
                long id = store.accounts().insert(new Account(0, "account-" + a, AuthMethod.ACCESS_KEYS, awsAccount,
                        null, null, null, null, null, null, Instant.now()), null).id();
                accountIds.add(id);
                awsAccountOf.put(id, awsAccount);
            }
            List<Long> policyIds = new ArrayList<>();
            for (int p = 0; p < policies; p++) {
                policyIds.add(store.policies().insert(new PolicySpec("hourly-" + p, accountIds.get(p % accounts), null,
                        true, 1, List.of(), 0, 1)));
            }
            List<List<String>> bareInstances = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                int count = instances / accounts + (a < instances % accounts ? 1 : 0);
                List<String> launched = estate.launch(havenAccount(a), REGIONS.get(a), count, volumes);
                List<Long> own = new ArrayList<>();
                for (int p = a; p < policies; p += accounts) {
                    own.add(policyIds.get(p));
                }
                for (int i = 0; i < launched.size(); i++) {
                    store.policies().addTarget(own.get(i % own.size()), new TargetSpec(Ec2InstanceTargetType.ID,
                            REGIONS.get(a), launched.get(i), Map.of()));
                }
                bareInstances.add(estate.launch(bareAccount(a), REGIONS.get(a), count, volumes));
            }

            TargetTypeRegistry types = new TargetTypeRegistry();
            types.addTargetType(new Ec2InstanceTargetType());
            ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
            FairExecutor runs = new FairExecutor("Backup runs", 16, 8, Polling.threads("haven-backup-run-"),
                    Clock.systemUTC());
            // retention apart from the runs, as BackupEngineComponent does (retentionThreads 2, one pass an account)
            FairExecutor retention = new FairExecutor("Retention", 2, 1, Polling.threads("haven-retention-"),
                    Clock.systemUTC());
            BackupEngine engine = new BackupEngine(store, types, (accountId, region) -> clients.context(
                    new AwsIdentity("estate-" + accountId, new Credentials.StaticKeys(awsAccountOf.get(accountId),
                            "secret")), region), executor, runs, retention, Clock.systemUTC(),
                    new BackupScripts(folder.resolve("scripts"), Clock.systemUTC()),
                    BackupEngine.Limits.defaults(Duration.ofSeconds(30)), () -> io.haven.core.alert.AlertListener.NONE,
                    io.haven.core.cluster.Node.single(store, Clock.systemUTC()));
            ExecutorService bare = Executors.newFixedThreadPool(accounts);
            List<List<String>> bareKept = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                bareKept.add(List.of());
            }

            System.out.printf("EstateHourBenchmark: %,d instances x %d volumes in %d account-regions, %d policies, "
                            + "snapshots pending %d s, one generation kept, max heap %,d MiB, run pool 16 threads%n",
                    instances, volumes, accounts, policies, pending.toSeconds(), Runtime.getRuntime().maxMemory() >> 20);
            for (int round = 1; round <= rounds; round++) {
                aws.resetCounts();
                ManagementFactory.getThreadMXBean().resetPeakThreadCount();
                Instant start = Instant.now();
                List<Future<BareRound>> bareRounds = new ArrayList<>();
                for (int a = 0; a < accounts; a++) {
                    int account = a;
                    List<String> previous = bareKept.get(a);
                    String tag = "round-" + round;
                    bareRounds.add(bare.submit(() -> bareRound(aws.endpoint(), bareAccount(account),
                            REGIONS.get(account), bareInstances.get(account), previous, tag, start)));
                }
                for (long policy : policyIds) {
                    Policy p = store.policies().get(policy).orElseThrow();
                    engine.start(p, BackupTrigger.MANUAL, 1);
                }
                Instant ended = EngineRuns.awaitEnded(store, round * policies, Duration.ofMinutes(90));
                Instant deleted = awaitSnapshots(estate, accounts, instances, volumes, Duration.ofMinutes(90));
                System.out.printf("EstateHourBenchmark round %d, Haven: every run ended %.1f s after the first start, "
                                + "retention done after %.1f s; calls %s; throttled %d; heap after GC %,d MiB; threads "
                                + "at most %d%n", round, seconds(start, ended), seconds(start, deleted),
                        havenCalls(aws, accounts), havenThrottled(aws, accounts), heapAfterGc() >> 20,
                        ManagementFactory.getThreadMXBean().getPeakThreadCount());
                for (int a = 0; a < accounts; a++) {
                    BareRound result = bareRounds.get(a).get();
                    bareKept.set(a, result.made());
                    System.out.printf("EstateHourBenchmark round %d, bare %s: created %.1f s, completed %.1f s, "
                                    + "previous round deleted %.1f s; calls %s; throttled %d%n", round, REGIONS.get(a),
                            result.createdSeconds(), result.completedSeconds(), result.deletedSeconds(),
                            aws.callsOf(bareAccount(a)), aws.throttledOf(bareAccount(a)));
                }
            }
            if (!estate.unsupported().isEmpty()) {
                throw new AssertionError("calls the emulator does not answer: " + estate.unsupported());
            }
            bare.shutdownNow();
            executor.shutdownNow();
            runs.shutdownNow();
            retention.shutdownNow();
        }
    }

    record BareRound(List<String> made, double createdSeconds, double completedSeconds, double deletedSeconds) {
    }

    /** The bare loop of one account-region: the minimum calls, one thread, the SDK's retries, then again. */
    private static BareRound bareRound(String endpoint, String account, String region, List<String> instances,
                                       List<String> previous, String tag, Instant start) throws InterruptedException {
        try (Ec2Client ec2 = RunLoops.client(endpoint, region, account)) {
            List<String> made = RunLoops.bareSnapshotInstances(ec2, instances, tag);
            double created = seconds(start, Instant.now());
            RunLoops.bareUntilCompleted(ec2, made, BARE_ROUND);
            double completed = seconds(start, Instant.now());
            for (String snapshot : previous) {
                RunLoops.untilDone(() -> ec2.deleteSnapshot(b -> b.snapshotId(snapshot)));
            }
            return new BareRound(made, created, completed, seconds(start, Instant.now()));
        }
    }

    /** Waits until Haven's accounts hold one generation of snapshots: retention has deleted the run before. */
    private static Instant awaitSnapshots(Ec2EstateEmulator estate, int accounts, int instances, int volumes,
                                          Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            long held = 0;
            for (int a = 0; a < accounts; a++) {
                held += estate.snapshots(havenAccount(a), REGIONS.get(a));
            }
            if (held <= (long) instances * volumes) {
                return Instant.now();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(held + " snapshots still held after " + timeout);
            }
            Thread.sleep(1000); // a benchmark's wait for the system under measurement
        }
    }

    private static Map<String, Integer> havenCalls(AwsBehaviourProxy aws, int accounts) {
        Map<String, Integer> calls = new java.util.TreeMap<>();
        for (int a = 0; a < accounts; a++) {
            aws.callsOf(havenAccount(a)).forEach((operation, count) -> calls.merge(operation, count, Integer::sum));
        }
        return calls;
    }

    private static int havenThrottled(AwsBehaviourProxy aws, int accounts) {
        int throttled = 0;
        for (int a = 0; a < accounts; a++) {
            throttled += aws.throttledOf(havenAccount(a));
        }
        return throttled;
    }

    private static String havenAccount(int index) {
        return String.format("%012d", 100_000_000_000L + index);
    }

    private static String bareAccount(int index) {
        return String.format("%012d", 200_000_000_000L + index);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1e3;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
