package io.haven.core.backup;

import io.haven.api.model.Policy;
import io.haven.store.BackupRepository.ScheduledStart;
import java.time.Instant;
import java.util.List;

/** Starts the runs of policies for due times of their schedules; what the scheduler needs of the engine. */
@FunctionalInterface
public interface ScheduledStarter {

    /** A policy due at a time. */
    record Due(Policy policy, Instant dueAt) {
    }

    /**
     * Records the runs for these due times together and starts each in the background, except a due time started
     * before (by this node before a restart, or by another node on the same database: each due time runs once)
     * and a policy whose previous run is still in progress.
     *
     * @return an outcome per due policy, in the order given
     */
    List<ScheduledStart> startScheduled(List<Due> due);
}
