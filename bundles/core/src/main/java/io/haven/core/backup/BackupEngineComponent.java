package io.haven.core.backup;

import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Policy;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.TargetTypeRegistry;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The backup engine as a DS service: owns its thread pool and reconciles interrupted runs when it
 * starts. Stopping it leaves runs in progress in the database, exactly as a kill would, and the next
 * start reconciles them.
 */
@Component(service = BackupStarter.class, immediate = true, configurationPid = CoreConfig.PID)
public class BackupEngineComponent implements BackupStarter {

    private final ScheduledExecutorService executor;
    private final BackupEngine engine;

    @Activate
    public BackupEngineComponent(@Reference HavenStore store, @Reference TargetTypeRegistry types,
                                 @Reference CloudContexts clouds, CoreConfig config) {
        this.executor = Executors.newScheduledThreadPool(4, named("haven-backup-"));
        this.engine = new BackupEngine(store, types, clouds, executor, Clock.systemUTC(),
                Duration.ofSeconds(Math.max(1, config.maxPollIntervalSeconds())));
        // Reconcile in the background: AWS may be slow, and activation must not wait for it.
        executor.execute(engine::reconcile);
    }

    @Override
    public long start(Policy policy, BackupTrigger trigger, int attempt) {
        return engine.start(policy, trigger, attempt);
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
