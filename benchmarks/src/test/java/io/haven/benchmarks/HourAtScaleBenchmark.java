package io.haven.benchmarks;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.core.backup.BackupEngine;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.HavenStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, goal 1, Haven's own side: {@code instances} instances (default 10,000) of {@code volumesPerInstance}
 * volumes each (default 3: 30,000 snapshots a run) in {@code accounts} account-regions (default 3), held by
 * {@code policies} policies (default 100), all run at once, {@code rounds} times (default 3, so that retention of
 * {@code generations} = 2 deletes a whole run's snapshots in the last round), by the real engine on an embedded Derby
 * database on disk. AWS is replaced by an in-memory instance type that answers at once and keeps each snapshot pending
 * for {@code pendingSeconds} (default 60), so that what is measured is Haven's bookkeeping: the time a run of the
 * whole estate takes beyond AWS, its calls (batches) and its heap. Run it under goal 1's heap:
 * {@code -DargLine=-Xmx512m}. AWS's pace (CreateSnapshots 5 a second per account-region) is measured against the
 * proxy by {@code EbsRunBenchmark} and {@code Ec2RunBenchmark}; docs/benchmarks.md puts the two together. The runs'
 * steps go to the bounded pool a node uses ({@code runThreads}, default 16, {@code runThreadsPerAccount}, default 8;
 * decision 0047); each round prints the JVM's peak thread count and how many steps the pool had queued.
 */
class HourAtScaleBenchmark {

    @Test
    void tenThousandInstancesOfThreeVolumesEveryHour() throws Exception {
        int instances = Integer.getInteger("instances", 10_000);
        int volumes = Integer.getInteger("volumesPerInstance", 3);
        int accounts = Integer.getInteger("accounts", 3);
        int policies = Integer.getInteger("policies", 100);
        int rounds = Integer.getInteger("rounds", 3);
        int generations = Integer.getInteger("generations", 2);
        Duration pending = Duration.ofSeconds(Integer.getInteger("pendingSeconds", 60));

        Path folder = Path.of("target", "hour-at-scale-benchmark").toAbsolutePath();
        EngineRuns.deleteTree(folder);
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(folder.resolve("db").toString());
        dataSource.setCreateDatabase("create");
        HavenStore store = new HavenStore(dataSource);

        InstanceType type = new InstanceType(volumes, pending);
        List<Long> accountIds = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            accountIds.add(store.accounts().insert(new Account(0, "account-" + a, AuthMethod.INSTANCE_ROLE,
                    String.format("%012d", 100_000_000_000L + a), null, null, null, null, null, null, Instant.now()),
                    null).id());
        }
        List<Long> policyIds = new ArrayList<>();
        for (int p = 0; p < policies; p++) {
            policyIds.add(store.policies().insert(new PolicySpec("hourly-" + p, accountIds.get(p % accounts), null, true,
                    generations, List.of(), 0, 1)));
        }
        for (int i = 0; i < instances; i++) {
            store.policies().addTarget(policyIds.get(i % policies), new TargetSpec(type.id(), "us-east-1",
                    String.format("i-%017x", i), Map.of()));
        }
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(type);
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
        int runThreads = Integer.getInteger("runThreads", 16);
        FairExecutor runs = new FairExecutor("Backup runs", runThreads,
                Integer.getInteger("runThreadsPerAccount", (runThreads + 1) / 2), Polling.threads("haven-backup-run-"),
                Clock.systemUTC());
        BackupEngine engine = new BackupEngine(store, types, EngineRuns::context, executor,
                runs, Clock.systemUTC(), new BackupScripts(folder.resolve("scripts"), Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofSeconds(10)), () -> io.haven.core.alert.AlertListener.NONE,
                io.haven.core.cluster.Node.single(store, Clock.systemUTC()));

        System.out.printf("HourAtScaleBenchmark: %,d instances x %d volumes in %d account-regions, %d policies, "
                        + "snapshots pending %d s, %d generations, max heap %,d MiB, run pool %d threads (%d per "
                        + "account)%n", instances, volumes, accounts, policies, pending.toSeconds(), generations,
                Runtime.getRuntime().maxMemory() >> 20, runs.threads(), runs.share());
        for (int round = 1; round <= rounds; round++) {
            type.reset();
            resetPeaks();
            ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            Instant start = Instant.now();
            for (long policy : policyIds) {
                Policy p = store.policies().get(policy).orElseThrow();
                engine.start(p, BackupTrigger.MANUAL, 1);
            }
            Instant started = Instant.now();
            int queued = runs.waiting(); // every run is queued by now: the pool's backlog at its deepest
            Instant ended = EngineRuns.awaitEnded(store, round * policies, Duration.ofMinutes(30));
            long deletedWaiting = awaitDeletions(type, round > generations ? (long) instances * volumes : 0,
                    Duration.ofMinutes(10));
            long heapAfterGc = heapAfterGc();
            System.out.printf("HourAtScaleBenchmark round %d: %,d runs started in %.1f s, every run ended %.1f s after "
                            + "the first start (AWS's share: %d s pending); snapshots made %,d; calls: startBackups %,d "
                            + "(largest %d), pollAll %,d (largest %d), poll %,d, delete %,d; heap pools' peaks summed %,d MiB, after GC "
                            + "%,d MiB; database %,d MiB; threads at most %d (JVM); run steps queued after the starts "
                            + "%d%n", round, policies,
                    Duration.between(start, started).toMillis() / 1e3,
                    Duration.between(start, ended).toMillis() / 1e3, pending.toSeconds(), type.madeThisRound.get(),
                    type.startCalls.get(), type.largestStart.get(), type.pollAllCalls.get(), type.largestPoll.get(),
                    type.pollCalls.get(), deletedWaiting, heapPeak() >> 20, heapAfterGc >> 20,
                    size(folder.resolve("db")) >> 20, ManagementFactory.getThreadMXBean().getPeakThreadCount(), queued);
        }
        executor.shutdownNow();
        runs.shutdownNow();
    }

    /** Retention runs when a run concludes; the deletions of the round are counted once they have all been made. */
    private static long awaitDeletions(InstanceType type, long expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (type.deleted.get() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(type.deleted.get() + " of " + expected + " snapshots deleted by retention");
            }
            Thread.sleep(500);
        }
        return type.deleted.get();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The heap pools' peaks added up: an upper bound, since each pool (eden, survivor, old) peaks at its own time. */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * Instances whose volumes are snapshotted together (as the EC2 type's CreateSnapshots): each start makes one
     * snapshot per volume at once, and each snapshot completes {@code pending} after it was made. It implements the
     * batch forms, as the EC2 type does, and counts them.
     */
    private static final class InstanceType extends BenchmarkTargetType {
        private final int volumes;
        private final Duration pending;
        private final AtomicLong ids = new AtomicLong();
        private final Map<String, Instant> made = new ConcurrentHashMap<>();
        final AtomicInteger startCalls = new AtomicInteger();
        final AtomicInteger largestStart = new AtomicInteger();
        final AtomicInteger pollAllCalls = new AtomicInteger();
        final AtomicInteger largestPoll = new AtomicInteger();
        final AtomicInteger pollCalls = new AtomicInteger();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong madeThisRound = new AtomicLong();

        InstanceType(int volumes, Duration pending) {
            super("bench-instance", "Benchmark instance");
            this.volumes = volumes;
            this.pending = pending;
        }

        void reset() {
            startCalls.set(0);
            largestStart.set(0);
            pollAllCalls.set(0);
            largestPoll.set(0);
            pollCalls.set(0);
            deleted.set(0);
            madeThisRound.set(0);
        }

        @Override
        public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
            List<Artifact> artifacts = new ArrayList<>(volumes);
            Instant now = Instant.now();
            for (int v = 0; v < volumes; v++) {
                String id = String.format("snap-%017x", ids.incrementAndGet());
                made.put(id, now);
                artifacts.add(new Artifact("ebs-snapshot", id, ctx.region(), target.resourceId(),
                        Map.of("device", "/dev/sd" + (char) ('f' + v))));
            }
            madeThisRound.addAndGet(volumes);
            return artifacts;
        }

        @Override
        public List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
            startCalls.incrementAndGet();
            largestStart.accumulateAndGet(targets.size(), Math::max);
            List<TargetStart> starts = new ArrayList<>(targets.size());
            for (TargetSpec target : targets) {
                starts.add(TargetStart.started(target, startBackup(ctx, target, request)));
            }
            return starts;
        }

        @Override
        public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
            pollCalls.incrementAndGet();
            return state(artifact, Instant.now());
        }

        @Override
        public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
            pollAllCalls.incrementAndGet();
            largestPoll.accumulateAndGet(artifacts.size(), Math::max);
            Instant now = Instant.now();
            Map<String, ArtifactStatus> states = new LinkedHashMap<>();
            for (Artifact artifact : artifacts) {
                states.put(artifact.id(), state(artifact, now));
            }
            return states;
        }

        private ArtifactStatus state(Artifact artifact, Instant now) {
            Instant at = made.get(artifact.id());
            if (at == null) {
                return ArtifactStatus.failed("no such snapshot");
            }
            long elapsed = Duration.between(at, now).toMillis();
            return elapsed >= pending.toMillis() ? ArtifactStatus.completed()
                    : ArtifactStatus.pending((int) (100 * elapsed / Math.max(1, pending.toMillis())));
        }

        @Override
        public void delete(CloudContext ctx, Artifact artifact) {
            made.remove(artifact.id());
            deleted.incrementAndGet();
        }
    }
}
