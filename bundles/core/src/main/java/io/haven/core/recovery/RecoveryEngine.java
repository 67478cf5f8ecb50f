package io.haven.core.recovery;

import io.haven.api.model.LogEntry.Level;
import io.haven.api.model.RecoveredItem;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.CloudContext;
import io.haven.core.internal.PollErrors;
import io.haven.core.internal.Polling;
import io.haven.store.HavenStore;
import io.haven.store.RecoveryRepository;
import io.haven.store.RecoveryRepository.StartRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs recoveries as a persisted state machine, like backups: the recovery is recorded before the first
 * AWS call; every resource is recorded the moment the plugin reports it, so that a failure half-way
 * leaves nothing unknown; then the resources are polled with back-off until each is ready or failed,
 * and the recovery ends with a summary of what was created.
 */
public class RecoveryEngine {

    private static final Pattern TOKEN_STEP_NAME = Pattern.compile(RecoveryProgress.CLIENT_TOKEN_STEP);

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryEngine.class);

    /** Where a recovery's AWS calls go, and what to do once it has ended (forget temporary keys). */
    public interface Target {
        CloudContext context();

        default void ended() {
        }
    }

    /**
     * What runs in the background before the plugin creates anything (sharing the artifacts with the account the
     * recovery is made in, guide 10.5); returns the recoverable as the plugin is to see it. A failure fails the
     * recovery with nothing created.
     */
    public interface Preparation {
        Preparation NONE = (item, log) -> item;

        Recoverable prepare(Recoverable item, java.util.function.Consumer<String> log);
    }

    private final HavenStore store;
    private final RecoveryRegistry registry;
    private final ScheduledExecutorService executor;
    /** Where plugins create resources: they may wait minutes for an image or a volume, and polls must not. */
    private final Executor starts;
    private final Clock clock;
    private final Duration maxPollInterval;
    private final PollErrors pollErrors;

    /**
     * @param maxPollInterval  longest wait between two status checks of a resource being created
     * @param pollErrorLimit   how long the checks of one resource may fail in a row before it counts as failed
     */
    public RecoveryEngine(HavenStore store, RecoveryRegistry registry, ScheduledExecutorService executor, Executor starts,
                          Clock clock, Duration maxPollInterval, Duration pollErrorLimit) {
        this.store = store;
        this.registry = registry;
        this.executor = executor;
        this.starts = starts;
        this.clock = clock;
        this.maxPollInterval = maxPollInterval;
        this.pollErrors = new PollErrors(pollErrorLimit, clock);
    }

    /** Starts a recovery that its plugin has already checked; returns its record at once. */
    public Recovery start(long recoveryId, TargetRecovery recovery, Recoverable item, Map<String, String> choices,
                          Target target) {
        return start(recoveryId, recovery, item, choices, target, Preparation.NONE);
    }

    /** {@link #start(long, TargetRecovery, Recoverable, Map, Target)} with a step before the plugin's. */
    public Recovery start(long recoveryId, TargetRecovery recovery, Recoverable item, Map<String, String> choices,
                          Target target, Preparation preparation) {
        log(recoveryId, Level.INFO, "Recovery of " + item.label() + " started"
                + (choices.isEmpty() ? " with the defaults" : " with " + describe(choices)));
        starts.execute(() -> guarded(recoveryId, target, () -> {
            Recoverable prepared;
            try {
                prepared = preparation.prepare(item, line -> log(recoveryId, Level.INFO, line));
            } catch (RuntimeException e) {
                LOG.warn("Recovery {} failed before creating resources", recoveryId, e);
                fail(recoveryId, target, "Failed before creating resources: " + Polling.message(e));
                return;
            }
            create(recoveryId, recovery, prepared, choices, target);
        }));
        return store.recoveries().get(recoveryId).orElseThrow();
    }

    /**
     * What a restart needs to go on with a plugin start that Haven's stop cut short: the recoverable as it was before
     * its preparation, and the preparation, both rebuilt as the start made them (decision 0054).
     */
    public record Restart(Recoverable item, Preparation preparation) {
    }

    /**
     * Resumes recoveries that were in progress when Haven stopped. One whose plugin start had returned has every
     * resource recorded: they are polled to their end. One whose start was cut short is rebuilt by {@code restarts}
     * and handed back to its plugin ({@link TargetRecovery#resume}) with what it had recorded, on the executor that
     * starts run on, then polled. A resource that AWS returned after the last record is unknown to Haven.
     */
    public void resume(Function<Recovery, Optional<Target>> targets, Function<Recovery, Restart> restarts) {
        for (Recovery recovery : store.recoveries().inProgress()) {
            Optional<Target> target = targets.apply(recovery);
            Optional<TargetRecovery> plugin = registry.find(recovery.typeId());
            if (target.isEmpty() || plugin.isEmpty()) {
                finish(recovery.id(), RecoveryStatus.FAILED, "Haven stopped during the recovery and cannot reach "
                        + (plugin.isEmpty() ? "the " + recovery.typeId() + " recovery plugin" : "the account")
                        + " to finish it. " + createdSoFar(recovery.id()));
                continue;
            }
            // recoveries recorded before the start was tracked count as returned (V28): polled, as before
            boolean returned = store.recoveries().startRecord(recovery.id()).map(StartRecord::returned).orElse(true);
            if (returned) {
                log(recovery.id(), Level.WARNING, "Haven stopped during this recovery; waiting for the recorded "
                        + "resources. Anything created after the last recorded resource is not known to Haven");
                schedulePoll(recovery.id(), plugin.get(), target.get(), Duration.ZERO);
                continue;
            }
            List<RecoveredResource> created = store.recoveries().resources(recovery.id()).stream()
                    .filter(i -> !RecoveryRepository.REMOVED.equals(i.state()))
                    .map(i -> new RecoveredResource(i.kind(), i.awsId(), i.region(), i.details())).toList();
            log(recovery.id(), Level.WARNING, "Haven stopped while this recovery was creating resources; going on "
                    + "from the " + created.size() + " recorded. Anything created after the last recorded resource is "
                    + "not known to Haven");
            long id = recovery.id();
            starts.execute(() -> guarded(id, target.get(), () -> {
                Recoverable prepared;
                try {
                    Restart restart = restarts.apply(recovery);
                    prepared = restart.preparation().prepare(restart.item(), line -> log(id, Level.INFO, line));
                } catch (RuntimeException e) {
                    LOG.warn("Recovery {} could not be rebuilt after a restart", id, e);
                    fail(id, target.get(), "Haven stopped while the recovery was creating resources and could not "
                            + "go on: " + Polling.message(e));
                    return;
                }
                run(id, plugin.get(), target.get(), "resuming", progress -> plugin.get().resume(target.get().context(),
                        prepared, recovery.choices(), created, progress));
            }));
        }
    }

    private void create(long id, TargetRecovery recovery, Recoverable item, Map<String, String> choices, Target target) {
        run(id, recovery, target, "creating resources",
                progress -> recovery.start(target.context(), item, choices, progress));
    }

    /** Runs the plugin's start (or its resumption); once it returned, records so and polls what it created. */
    private void run(long id, TargetRecovery recovery, Target target, String doing, Consumer<RecoveryProgress> step) {
        RecoveryProgress progress = new RecordingProgress(id);
        try {
            step.accept(progress);
        } catch (InvalidRecoveryException e) {
            fail(id, target, "Refused: " + (e.field() == null ? "" : e.field() + ": ") + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("Recovery {} failed while {}", id, doing, e);
            fail(id, target, "Failed while " + doing + ": " + Polling.message(e));
            return;
        }
        store.recoveries().startReturned(id);
        log(id, Level.INFO, "All resources requested; waiting until they are ready");
        schedulePoll(id, recovery, target, Polling.first(maxPollInterval));
    }

    private void poll(long id, TargetRecovery recovery, Target target, Duration lastDelay) {
        boolean pending = false;
        for (RecoveredItem item : store.recoveries().resources(id)) {
            if (!RecoveryRepository.PENDING.equals(item.state())) {
                continue;
            }
            try {
                RecoveryState state = recovery.poll(target.context(),
                        new RecoveredResource(item.kind(), item.awsId(), item.region(), item.details()));
                pollErrors.succeeded(item.id());
                switch (state.state()) {
                    case READY -> {
                        store.recoveries().setResourceState(item.id(), RecoveryRepository.READY);
                        log(id, Level.INFO, item.kind() + " " + item.awsId() + " is ready");
                    }
                    case FAILED -> {
                        store.recoveries().setResourceState(item.id(), RecoveryRepository.FAILED);
                        log(id, Level.ERROR, item.kind() + " " + item.awsId() + " failed: " + state.message());
                    }
                    case PENDING -> pending = true;
                }
            } catch (RuntimeException e) {
                LOG.debug("Recovery {}: checking {} failed", id, item.awsId(), e);
                switch (pollErrors.failed(item.id())) {
                    case FIRST -> log(id, Level.WARNING, "Could not check " + item.kind() + " " + item.awsId() + ": "
                            + Polling.message(e) + "; trying again for up to " + pollErrors.limitText());
                    case AGAIN -> { }
                    case GIVE_UP -> {
                        store.recoveries().setResourceState(item.id(), RecoveryRepository.FAILED);
                        log(id, Level.ERROR, item.kind() + " " + item.awsId() + " failed: its state could not be "
                                + "checked for " + pollErrors.limitText() + " (" + Polling.message(e) + ")");
                        continue;
                    }
                }
                pending = true;
            }
        }
        if (pending) {
            schedulePoll(id, recovery, target, Polling.next(lastDelay, maxPollInterval));
            return;
        }
        List<RecoveredItem> items = store.recoveries().resources(id);
        boolean failed = items.stream().anyMatch(i -> RecoveryRepository.FAILED.equals(i.state()));
        finish(id, failed ? RecoveryStatus.FAILED : RecoveryStatus.SUCCESSFUL, summary(items));
        target.ended();
    }

    private void fail(long id, Target target, String reason) {
        finish(id, RecoveryStatus.FAILED, reason + ". " + createdSoFar(id));
        target.ended();
    }

    private void finish(long id, RecoveryStatus status, String summary) {
        log(id, status == RecoveryStatus.SUCCESSFUL ? Level.INFO : Level.ERROR,
                "Recovery " + status.name().toLowerCase() + ": " + summary);
        store.recoveries().finish(id, status, summary, clock.instant());
    }

    /** What exists in AWS because of this recovery, so that a failed one leaves nothing unknown behind. */
    private String createdSoFar(long id) {
        List<RecoveredItem> items = store.recoveries().resources(id).stream()
                .filter(i -> !RecoveryRepository.REMOVED.equals(i.state())).toList();
        return items.isEmpty() ? "Nothing was created"
                : "Created before that, and left for you to keep or delete: " + list(items);
    }

    private static String summary(List<RecoveredItem> items) {
        List<RecoveredItem> created = items.stream().filter(i -> !RecoveryRepository.REMOVED.equals(i.state())).toList();
        List<RecoveredItem> removed = items.stream().filter(i -> RecoveryRepository.REMOVED.equals(i.state())).toList();
        String text = created.isEmpty() ? "nothing was created" : "created " + list(created);
        return removed.isEmpty() ? text : text + "; removed " + list(removed);
    }

    private static String list(List<RecoveredItem> items) {
        return items.stream().map(i -> i.kind() + " " + i.awsId() + (RecoveryRepository.FAILED.equals(i.state())
                ? " (failed)" : "")).collect(Collectors.joining(", "));
    }

    private void schedulePoll(long id, TargetRecovery recovery, Target target, Duration delay) {
        executor.schedule(() -> guarded(id, target, () -> poll(id, recovery, target, delay)), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void guarded(long id, Target target, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Recovery {} failed unexpectedly", id, e);
            try {
                fail(id, target, "Internal error: " + Polling.message(e));
            } catch (RuntimeException nested) {
                LOG.error("Recovery {} could not be marked as failed", id, nested);
            }
        }
    }

    private void log(long id, Level level, String message) {
        store.recoveries().log(id, level, message, clock.instant());
    }

    private static String describe(Map<String, String> choices) {
        return choices.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (e.getKey().toLowerCase().contains("userdata") ? "(given)" : e.getValue()))
                .collect(Collectors.joining(", "));
    }


    /** Records what the plugin reports the moment it reports it. */
    private final class RecordingProgress implements RecoveryProgress {
        private final long id;
        /** Read from the record on the first token asked for: a plugin asks for one per copy, AMI and launch. */
        private String tokenPrefix;

        RecordingProgress(long id) {
            this.id = id;
        }

        @Override
        public void created(RecoveredResource resource) {
            store.recoveries().addResource(id, resource.kind(), resource.id(), resource.region(),
                    RecoveryRepository.PENDING, resource.details(), clock.instant());
            RecoveryEngine.this.log(id, Level.INFO, "Created " + resource.kind() + " " + resource.id() + " in " + resource.region());
        }

        @Override
        public void removed(RecoveredResource resource) {
            // Usually something this recovery created and no longer needs (a temporary AMI): one record, now removed.
            Optional<RecoveredItem> recorded = store.recoveries().resources(id).stream()
                    .filter(i -> i.kind().equals(resource.kind()) && i.awsId().equals(resource.id())).findFirst();
            if (recorded.isPresent()) {
                store.recoveries().setResourceState(recorded.get().id(), RecoveryRepository.REMOVED);
            } else {
                store.recoveries().addResource(id, resource.kind(), resource.id(), resource.region(),
                        RecoveryRepository.REMOVED, resource.details(), clock.instant());
            }
            RecoveryEngine.this.log(id, Level.INFO, "Removed " + resource.kind() + " " + resource.id() + " as asked");
        }

        @Override
        public void log(String message) {
            RecoveryEngine.this.log(id, Level.INFO, message);
        }

        @Override
        public String clientToken(String step) {
            if (step == null || !TOKEN_STEP_NAME.matcher(step).matches()) {
                throw new IllegalArgumentException("A client token's step is 1 to 20 letters, digits and dashes, not "
                        + step);
            }
            if (tokenPrefix == null) {
                // The start time with the id: a restore from an older export hands the same recovery ids out again.
                long started = store.recoveries().get(id).orElseThrow().started().toEpochMilli();
                tokenPrefix = "haven-" + id + "-" + started + "-";
            }
            return tokenPrefix + step;
        }
    }
}
