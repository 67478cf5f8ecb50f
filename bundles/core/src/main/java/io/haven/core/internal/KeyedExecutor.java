package io.haven.core.internal;

import java.util.concurrent.Executor;

/** Runs tasks on behalf of a key (an AWS account, say): what a {@link FairExecutor} shares its threads by. */
@FunctionalInterface
public interface KeyedExecutor {

    void execute(Object key, Runnable task);

    /** Every key alike: the tasks go to {@code executor} as they come. */
    static KeyedExecutor of(Executor executor) {
        return (key, task) -> executor.execute(task);
    }
}
