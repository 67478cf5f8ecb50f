package io.haven.core.backup;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;

/** Starts a backup run of a policy; what the scheduler and the policy service need of the engine. */
@FunctionalInterface
public interface BackupStarter {

    /**
     * Records a new run and starts it in the background.
     *
     * @return the run's id
     * @throws io.haven.api.service.ConflictException when a run of the policy is in progress
     */
    long start(Policy policy, BackupTrigger trigger, int attempt);
}
