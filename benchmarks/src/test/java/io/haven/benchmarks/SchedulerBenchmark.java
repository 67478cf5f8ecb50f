package io.haven.benchmarks;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Backup;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetSpec;
import io.haven.core.backup.BackupEngine;
import io.haven.core.backup.ScheduledStarter;
import io.haven.core.cluster.Node;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.schedule.Scheduler;
import io.haven.core.script.BackupScripts;
import io.haven.store.HavenStore;
import io.haven.testing.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, goal 4: {@code policies} policies (system property, default 1,000), each with one target, all due at
 * the same second, started by the real scheduler and engine on an embedded Derby database on disk, or with
 * {@code -Dstore=postgresql} on PostgreSQL (the test server, pooled as decision 0050 sets up), with the run pool of the
 * distribution's defaults ({@code runThreads} 16, 8 an account, decision 0047). Prints the
 * delay from the due time to each run's recorded start (p50, p99, max) and the time until every run has ended.
 * Then a restart: the scheduler is killed after {@code policies * 2 / 5} starts of the next due time, before it
 * records its progress, and a new one takes over; every policy must have exactly one run of that due time.
 * Baseline: the same number of backup rows inserted by a bare JDBC loop at a due time (the floor of the work).
 */
class SchedulerBenchmark {

    @Test
    void aThousandPoliciesDueInTheSameSecond() throws Exception {
        int policies = Integer.getInteger("policies", 1000);
        Path folder = Path.of("target", "scheduler-benchmark").toAbsolutePath();
        EngineRuns.deleteTree(folder);
        boolean postgresql = "postgresql".equals(System.getProperty("store"));
        PostgresServer postgres = postgresql ? PostgresServer.start() : null;
        DataSource dataSource;
        if (postgresql) {
            postgres.createDatabase("scheduler");
            BasicDataSource pooled = new BasicDataSource();
            pooled.setUrl(postgres.jdbcUrl("scheduler"));
            pooled.setUsername(PostgresServer.USER);
            pooled.setMaxTotal(32);
            pooled.setMaxIdle(32);
            dataSource = pooled;
        } else {
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName(folder.resolve("db").toString());
            derby.setCreateDatabase("create");
            dataSource = derby;
        }
        HavenStore store = new HavenStore(dataSource);

        Instant firstDue = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(30);
        // Every 20 minutes from the first due time: the second due time is the restart's.
        long schedule = store.schedules().insert(new ScheduleSpec("every-20-min", null, 20, Frequency.MINUTES, firstDue,
                null, Set.of(), List.of()));
        long account = store.accounts().insert(new Account(0, "bench", AuthMethod.INSTANCE_ROLE, "123456789012", null,
                null, null, null, null, null, Instant.now()), null).id();
        InstantType type = new InstantType();
        for (int i = 0; i < policies; i++) {
            long policy = store.policies().insert(new PolicySpec("p" + i, account, null, true, 3, List.of(schedule), 0, 1));
            store.policies().addTarget(policy, new TargetSpec(type.id(), "us-east-1", "vol-" + i, Map.of()));
        }
        TargetTypeRegistry types = new TargetTypeRegistry();
        types.addTargetType(type);
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        FairExecutor runs = new FairExecutor("runs", 16, 8, Polling.threads("run-"), Clock.systemUTC());
        BackupEngine engine = new BackupEngine(store, types, EngineRuns::context, executor, runs,
                Clock.systemUTC(), new BackupScripts(folder.resolve("scripts"), Clock.systemUTC()),
                BackupEngine.Limits.defaults(Duration.ofMillis(500)), () -> io.haven.core.alert.AlertListener.NONE,
                Node.single(store, Clock.systemUTC()));

        // 1. All due at once.
        List<Instant> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        Scheduler scheduler = new Scheduler(store, due -> {
            var outcomes = engine.startScheduled(due);
            recorded.add(Instant.now()); // every run of the call is committed by now
            return outcomes;
        }, ZoneOffset.UTC, Clock.systemUTC(), Duration.ofMinutes(60));
        scheduler.replan();
        List<Backup> started = awaitRuns(store, policies, firstDue, Duration.ofSeconds(60).plus(Duration.between(Instant.now(), firstDue)));
        scheduler.stop();
        List<Long> delays = started.stream().map(b -> Duration.between(firstDue, b.started()).toMillis()).sorted().toList();
        Instant lastEnd = EngineRuns.awaitEnded(store, policies, Duration.ofMinutes(5));
        List<Long> targetDelays = type.firstStarts.values().stream().map(t -> Duration.between(firstDue, t).toMillis())
                .sorted().toList();
        System.out.printf("SchedulerBenchmark: %,d policies due at once: scheduler woke %d ms after the due time, every run "
                        + "recorded (committed) %d ms after it in %d call(s); each run's target started p50 %d ms, p99 "
                        + "%d ms, max %d ms; every run ended %.1f s after the due time%n", policies, delays.get(0),
                Duration.between(firstDue, recorded.get(0)).toMillis(), recorded.size(),
                percentile(targetDelays, 50), percentile(targetDelays, 99),
                targetDelays.get(targetDelays.size() - 1), Duration.between(firstDue, lastEnd).toMillis() / 1e3);

        // 2. Killed part-way through the next due time, before its progress is recorded, and started again.
        Instant secondDue = firstDue.plus(Duration.ofMinutes(20));
        int killAfter = policies * 2 / 5;
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch killed = new CountDownLatch(1);
        ScheduledStarter dying = due -> {
            if (starts.addAndGet(due.size()) > killAfter) {
                killed.countDown();
                throw new KilledScheduler();
            }
            return engine.startScheduled(due);
        };
        Instant beforeRestart = secondDue.minusMillis(1);
        store.schedules().checkedUntil(beforeRestart);
        Scheduler first = new Scheduler(store, dying, ZoneOffset.UTC, Clock.offset(Clock.systemUTC(),
                Duration.between(Instant.now(), secondDue).plusMillis(5)), Duration.ofMinutes(60));
        first.replan();
        if (!killed.await(2, TimeUnit.MINUTES)) {
            throw new AssertionError("The first scheduler never reached its kill point");
        }
        first.stop();
        if (!store.schedules().checkedUntil().orElseThrow().equals(beforeRestart)) {
            throw new AssertionError("The killed scheduler recorded its progress");
        }
        Scheduler second = new Scheduler(store, engine::startScheduled, ZoneOffset.UTC, Clock.offset(Clock.systemUTC(),
                Duration.between(Instant.now(), secondDue).plusMillis(50)), Duration.ofMinutes(60));
        second.replan();
        List<Backup> all = awaitRuns(store, 2 * policies, firstDue, Duration.ofSeconds(60));
        second.stop();
        Map<Long, Long> runsPerPolicy = all.stream().collect(java.util.stream.Collectors.groupingBy(Backup::policyId,
                java.util.stream.Collectors.counting()));
        long ofSecond = all.size() - policies;
        System.out.printf("SchedulerBenchmark: killed after %,d of %,d starts and started again: %,d runs of the second "
                + "due time (expected %,d); every policy has exactly two runs: %s%n", killAfter, policies, ofSecond,
                policies, runsPerPolicy.size() == policies && runsPerPolicy.values().stream().allMatch(n -> n == 2));
        if (ofSecond != policies || runsPerPolicy.values().stream().anyMatch(n -> n != 2)) {
            throw new AssertionError("Runs were missed or doubled across the restart: " + all.size() + " runs in all");
        }
        EngineRuns.awaitEnded(store, 2 * policies, Duration.ofMinutes(5));
        executor.shutdownNow();
        runs.shutdownNow();

        // Baseline: the rows alone, inserted by a bare loop at a due time.
        System.out.println("SchedulerBenchmark baseline: " + bareInserts(dataSource, policies, account));
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static String bareInserts(DataSource dataSource, int rows, long account) throws Exception {
        Instant due = Instant.now();
        List<Long> delays = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO backup (id, policy_id, account_id, "
                     + "policy_name, status, trigger_kind, attempt, all_started, failed_targets, started_at, "
                     + "scheduled_for, owner_id) VALUES (?, ?, ?, ?, 'IN_PROGRESS', 'SCHEDULE', 1, FALSE, 0, ?, ?, 1)")) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, 1_000_000_000L + i); // past Haven's ids, given as the store gives them (decision 58)
                insert.setLong(2, i + 1);
                insert.setLong(3, account);
                insert.setString(4, "p" + i);
                insert.setLong(5, System.currentTimeMillis());
                insert.setLong(6, due.toEpochMilli());
                insert.executeUpdate();
                delays.add(Duration.between(due, Instant.now()).toMillis());
            }
        }
        return String.format("%,d rows inserted one by one (auto-commit): delay p50 %d ms, p99 %d ms", rows,
                percentile(delays, 50), percentile(delays, 99));
    }

    private static List<Backup> awaitRuns(HavenStore store, int count, Instant since, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Backup> backups = EngineRuns.allBackups(store);
            if (backups.size() >= count) {
                return backups;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(backups.size() + " of " + count + " runs started since " + since);
            }
            Thread.sleep(200); // a benchmark's wait for the system under measurement, not a test's synchronisation
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        List<Long> values = sorted.stream().sorted().toList();
        return values.get(Math.min(values.size() - 1, (int) Math.ceil(p / 100.0 * values.size()) - 1));
    }

    /** A kill of the scheduler's thread in the middle of a check, before it records its progress. */
    private static final class KilledScheduler extends Error {
        KilledScheduler() {
            super("scheduler killed by the benchmark", null, false, false);
        }
    }

    /** A target type whose snapshots exist and complete at once: the benchmark measures scheduling, not AWS. */
    private static final class InstantType extends BenchmarkTargetType {
        private final AtomicInteger ids = new AtomicInteger();
        /** When each resource's first backup was started. */
        final Map<String, Instant> firstStarts = new java.util.concurrent.ConcurrentHashMap<>();

        InstantType() {
            super("instant-volume", "Instant volume");
        }

        @Override
        public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
            firstStarts.putIfAbsent(target.resourceId(), Instant.now());
            return List.of(new Artifact("instant-snapshot", "snap-" + ids.incrementAndGet(), ctx.region(),
                    target.resourceId(), Map.of()));
        }

        @Override
        public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
            return ArtifactStatus.completed();
        }

        @Override
        public void delete(CloudContext ctx, Artifact artifact) {
        }
    }
}
