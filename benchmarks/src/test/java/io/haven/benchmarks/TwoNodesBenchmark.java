package io.haven.benchmarks;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import io.haven.api.model.Backup;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.core.backup.BackupEngine;
import io.haven.core.backup.ScheduledStarter;
import io.haven.core.cluster.Node;
import io.haven.core.internal.FairExecutor;
import io.haven.core.internal.Polling;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.core.script.BackupScripts;
import io.haven.store.HavenStore;
import io.haven.testing.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, goal 6: two Haven nodes on one PostgreSQL carry about twice one node's load. {@code policies} policies
 * (default 400) of one target each, in {@code accounts} accounts (default 8), all due at once, are started by one
 * node's scheduler ({@code startScheduled}), which shares them out among the nodes alive; the other node picks its share
 * up, as every node does each second. Each node is the real engine on its own pooled connections, with its own run pool
 * of {@code runThreads} (default 4) threads, {@code runThreadsPerAccount} (default 2) for one account. What a node can
 * carry is bounded by its run pool, not by the machine: the target type's start takes {@code startMillis} (default
 * 250), as an AWS call does, and sleeps rather than computes, so that two nodes in one process on two cores measure
 * the sharing of work and not a fight for the CPU (two machines are needed for that). AWS's buckets are not modelled:
 * they are per account and shared by the nodes (each paces for 1/N), so only more accounts gain from more nodes.
 *
 * <p>Run: {@code mvn -B -Pbenchmarks -pl benchmarks test -Dtest=TwoNodesBenchmark}. Prints, for one node and then for
 * two: the time from the due time until every run ended, the runs each node carried, and the starts made (once per
 * run when no run is doubled).
 */
class TwoNodesBenchmark {

    @Test
    void twoNodesCarryAboutTwiceOneNodesRuns() throws Exception {
        int policies = Integer.getInteger("policies", 400);
        int accounts = Integer.getInteger("accounts", 8);
        int threads = Integer.getInteger("runThreads", 4);
        int share = Integer.getInteger("runThreadsPerAccount", 2);
        Duration start = Duration.ofMillis(Integer.getInteger("startMillis", 250));
        Duration pending = Duration.ofSeconds(Integer.getInteger("pendingSeconds", 1));
        PostgresServer postgres = PostgresServer.start();
        try {
            Measured one = measure(postgres, "one_node", 1, policies, accounts, threads, share, start, pending);
            Measured two = measure(postgres, "two_nodes", 2, policies, accounts, threads, share, start, pending);
            System.out.printf("TwoNodesBenchmark: %d policies in %d accounts, %d run threads a node (%d an account), "
                            + "starts of %d ms, snapshots pending %d s%n", policies, accounts, threads, share,
                    start.toMillis(), pending.toSeconds());
            for (Measured m : List.of(one, two)) {
                System.out.printf("TwoNodesBenchmark %d node(s): every run ended %.1f s after the due time (%.1f runs a "
                                + "second); runs carried %s; starts made %d%n", m.nodes(), m.seconds(),
                        policies / m.seconds(), m.carried(), m.starts());
            }
            System.out.printf("TwoNodesBenchmark: two nodes carried %.2f times one node's runs a second%n",
                    one.seconds() / two.seconds());
        } finally {
            postgres.stop();
        }
    }

    record Measured(int nodes, double seconds, Map<String, Integer> carried, int starts) {
    }

    private static Measured measure(PostgresServer postgres, String database, int nodes, int policies, int accounts,
                                    int threads, int share, Duration start, Duration pending) throws Exception {
        postgres.createDatabase(database);
        LatentType type = new LatentType(start, pending);
        List<Running> running = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                running.add(Running.start("node-" + (char) ('a' + n), pooled(postgres, database), type, threads, share));
            }
            HavenStore store = running.get(0).store();
            List<Long> accountIds = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                accountIds.add(store.accounts().insert(new Account(0, "account-" + a, AuthMethod.INSTANCE_ROLE,
                        String.format("%012d", 100_000_000_000L + a), null, null, null, null, null, null, Instant.now()),
                        null).id());
            }
            List<ScheduledStarter.Due> due = new ArrayList<>();
            Instant dueAt = Instant.now();
            for (int p = 0; p < policies; p++) {
                long id = store.policies().insert(new PolicySpec("due-" + p, accountIds.get(p % accounts), null, true,
                        2, List.of(), 0, 1));
                store.policies().addTarget(id, new TargetSpec(type.id(), "us-east-1", "vol-" + p, Map.of()));
                Policy policy = store.policies().get(id).orElseThrow();
                due.add(new ScheduledStarter.Due(policy, dueAt));
            }
            running.forEach(r -> r.node().beat());
            for (Running r : running) {
                // as BackupEngineComponent: each node picks up the runs another node's scheduler gave it, every second
                r.executor().scheduleWithFixedDelay(() -> r.engine().pickUp(), 0, 1, TimeUnit.SECONDS);
            }
            long began = System.nanoTime();
            running.get(0).engine().startScheduled(due);
            Instant ended = EngineRuns.awaitEnded(store, policies, Duration.ofMinutes(20));
            double seconds = Duration.between(dueAt, ended).toMillis() / 1e3;
            Map<String, Integer> carried = new LinkedHashMap<>();
            for (Running r : running) {
                carried.put(r.node().id(), 0);
            }
            for (Backup backup : EngineRuns.allBackups(store)) {
                for (Running r : running) {
                    if (store.backups().carriedBy(backup.id(), r.node().id())) {
                        carried.merge(r.node().id(), 1, Integer::sum);
                    }
                }
            }
            System.out.printf("TwoNodesBenchmark %d node(s): measured %.1f s from the scheduler's call%n", nodes,
                    (System.nanoTime() - began) / 1e9);
            return new Measured(nodes, seconds, carried, type.starts.get());
        } finally {
            running.forEach(Running::stop);
        }
    }

    private static BasicDataSource pooled(PostgresServer postgres, String database) {
        // as the documented data source of a node: a pool of its own (decision 0050)
        BasicDataSource dataSource = new BasicDataSource();
        dataSource.setUrl(postgres.jdbcUrl(database));
        dataSource.setUsername(PostgresServer.USER);
        dataSource.setMaxTotal(32);
        dataSource.setMaxIdle(32);
        return dataSource;
    }

    /** One node: its store on its own connections, its heartbeat, its engine and pools. */
    private record Running(Node node, HavenStore store, BackupEngine engine, ScheduledExecutorService executor,
                           FairExecutor runs, BasicDataSource dataSource) {

        static Running start(String name, BasicDataSource dataSource, LatentType type, int threads, int share) {
            HavenStore store = new HavenStore(dataSource);
            Node node = new Node(name, store, Clock.systemUTC(), Duration.ofSeconds(30));
            ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, Polling.threads(name + "-"));
            FairExecutor runs = new FairExecutor(name + " runs", threads, share, Polling.threads(name + "-run-"),
                    Clock.systemUTC());
            TargetTypeRegistry types = new TargetTypeRegistry();
            types.addTargetType(type);
            BackupEngine engine = new BackupEngine(store, types, EngineRuns::context,
                    executor, runs, Clock.systemUTC(),
                    new BackupScripts(Path.of("target", "two-nodes-scripts"), Clock.systemUTC()),
                    BackupEngine.Limits.defaults(Duration.ofSeconds(1)), () -> io.haven.core.alert.AlertListener.NONE,
                    node);
            return new Running(node, store, engine, executor, runs, dataSource);
        }

        void stop() {
            executor.shutdownNow();
            runs.shutdownNow();
            try {
                dataSource.close();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Volumes whose start waits as long as an AWS call (a sleep: the thread is held, the CPU is not), whose snapshots
     * are pending for a while, shared by the nodes as AWS is; it counts the starts, one per run unless a run is doubled.
     */
    private static final class LatentType extends BenchmarkTargetType {
        private final Duration start;
        private final Duration pending;
        private final AtomicLong ids = new AtomicLong();
        private final Map<String, Instant> made = new ConcurrentHashMap<>();
        final AtomicInteger starts = new AtomicInteger();

        LatentType(Duration start, Duration pending) {
            super("bench-volume", "Benchmark volume");
            this.start = start;
            this.pending = pending;
        }

        @Override
        public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
            return startBackups(ctx, List.of(target), request).get(0).artifacts();
        }

        @Override
        public List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
            try {
                Thread.sleep(start.toMillis()); // the latency of AWS's answer, which holds the run's thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            List<TargetStart> started = new ArrayList<>();
            for (TargetSpec target : targets) {
                starts.incrementAndGet();
                String id = String.format("snap-%017x", ids.incrementAndGet());
                made.put(id, Instant.now());
                started.add(TargetStart.started(target, List.of(new Artifact("ebs-snapshot", id, ctx.region(),
                        target.resourceId(), Map.of()))));
            }
            return started;
        }

        @Override
        public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
            return pollAll(ctx, List.of(artifact)).get(artifact.id());
        }

        @Override
        public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
            Instant now = Instant.now();
            Map<String, ArtifactStatus> states = new HashMap<>();
            for (Artifact artifact : artifacts) {
                Instant at = made.get(artifact.id());
                states.put(artifact.id(), at == null ? ArtifactStatus.failed("no such snapshot")
                        : Duration.between(at, now).compareTo(pending) >= 0 ? ArtifactStatus.completed()
                        : ArtifactStatus.pending(50));
            }
            return states;
        }

        @Override
        public void delete(CloudContext ctx, Artifact artifact) {
            made.remove(artifact.id());
        }
    }
}
