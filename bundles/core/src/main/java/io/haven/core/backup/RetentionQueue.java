package io.haven.core.backup;

import io.haven.api.model.Policy;
import io.haven.core.internal.KeyedExecutor;
import io.haven.store.HavenStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention passes apart from the runs (issue 13): deleting an old generation waits for AWS's delete pace (a
 * policy of 300 snapshots takes a minute at 5 deletes a second), and on the run pool that wait held a thread of the
 * account's share, so that the next runs of that account started late. A pass is queued when a run succeeds and
 * takes its turn in {@code pool} under its account's key; a pool that runs one task of a key at a time
 * ({@code BackupEngineComponent.retentionPool}) keeps the passes of one policy from ever overlapping.
 *
 * <p>A pass that waits already covers every run that ends before it starts, so a policy has at most one waiting pass:
 * runs that end faster than its deletions go never pile passes up.
 */
final class RetentionQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionQueue.class);

    private final HavenStore store;
    private final Retention retention;
    private final KeyedExecutor pool;
    /** Policies whose pass waits in the pool and has not started. */
    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();

    RetentionQueue(HavenStore store, Retention retention, KeyedExecutor pool) {
        this.store = store;
        this.retention = retention;
        this.pool = pool;
    }

    /** Queues a pass over the policy's backups, unless one already waits. */
    void request(Policy policy) {
        if (!waiting.add(policy.id())) {
            return;
        }
        pool.execute(BackupEngine.accountKey(policy.spec().accountId()), () -> {
            waiting.remove(policy.id()); // a run ending from now on may not be seen by this pass: it queues the next
            // The policy as it is now: its generations may have changed while the pass waited; a policy deleted
            // meanwhile is housekeeping's (its backups are deleted as orphans).
            store.policies().get(policy.id()).ifPresent(current -> {
                try {
                    retention.apply(current);
                } catch (RuntimeException e) {
                    LOG.error("Retention of policy {} failed; its next successful run tries again", policy.id(), e);
                }
            });
        });
    }
}
