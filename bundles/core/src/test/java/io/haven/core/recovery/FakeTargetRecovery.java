package io.haven.core.recovery;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recovers "fake-volume" artifacts into made-up volumes, so that core's own logic (checks, recording as
 * it goes, polling, half-way failures) can be driven precisely. Real recovery is tested in the plugins
 * and the integration tests.
 */
class FakeTargetRecovery implements TargetRecovery {

    volatile int pendingPolls;
    /** Recoverables whose start waits for {@link #gate}, as a plugin waiting for an image does. */
    final Set<String> heldKeys = ConcurrentHashMap.newKeySet();
    final CountDownLatch gate = new CountDownLatch(1);
    /** Resources whose state checks throw, as with revoked keys. */
    final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    /** Choices seen by start, for the assertion that check ran first. */
    final List<Map<String, String>> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Choices seen by resume. */
    final List<Map<String, String>> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What happened in order, with the ids of the artifacts each start recovered from ("start snap-1"). */
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The client tokens that starts and resumptions were given for their step "create", in order. */
    final List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What asking for a client token with a step that is not a name said. */
    final List<String> refusedSteps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public String typeId() {
        return "fake-volume";
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return artifacts.stream().map(a -> new Recoverable("volume", a.resourceId(), typeId(), a.resourceId(), a.region(),
                "volume " + a.resourceId(), List.of(RecoveryOption.free("sizeGiB", a.details().getOrDefault("sizeGiB", "8"),
                        "size, never smaller"), RecoveryOption.oneOf("explode", "false", "fail half-way",
                        List.of("true", "false")), RecoveryOption.free("zone", a.region() + "a", "zone").boundToRegion().foundBy("zones")),
                List.of("a note"), List.of(a))).toList();
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        for (String name : choices.keySet()) {
            if (!Set.of("sizeGiB", "explode", "zone").contains(name)) {
                throw new InvalidRecoveryException(name, "Unknown option");
            }
        }
        int original = Integer.parseInt(recoverable.options().get(0).defaultValue());
        int size = Integer.parseInt(choices.getOrDefault("sizeGiB", String.valueOf(original)));
        if (size < original) {
            throw new InvalidRecoveryException("sizeGiB", "A volume can grow, never shrink: at least " + original);
        }
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        started.add(choices);
        askForTokens(progress);
        events.add("start " + String.join(",", recoverable.artifacts().stream().map(Artifact::id).toList()));
        if (heldKeys.contains(recoverable.key())) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        progress.created(new RecoveredResource("volume", "vol-new-" + ids.incrementAndGet(), ctx.region(),
                Map.of("from", recoverable.key())));
        if ("true".equals(choices.get("explode"))) {
            throw new IllegalStateException("AWS said no to the attachment");
        }
        RecoveredResource temporary = new RecoveredResource("ami", "ami-temp-" + ids.get(), ctx.region(), Map.of("from", "x"));
        progress.created(temporary);
        progress.removed(temporary);
        progress.log("Attached nothing");
    }

    private void askForTokens(RecoveryProgress progress) {
        tokens.add(progress.clientToken("create"));
        try {
            progress.clientToken("not a step!");
        } catch (IllegalArgumentException e) {
            refusedSteps.add(e.getMessage());
        }
    }

    /** Goes on from what was recorded, as a plugin that waited for an image would: one more volume. */
    @Override
    public void resume(CloudContext ctx, Recoverable recoverable, Map<String, String> choices,
                       List<RecoveredResource> created, RecoveryProgress progress) {
        resumed.add(choices);
        askForTokens(progress);
        events.add("resume " + String.join(",", recoverable.artifacts().stream().map(Artifact::id).toList())
                + " with " + String.join(",", created.stream().map(RecoveredResource::id).toList()));
        progress.created(new RecoveredResource("volume", "vol-resumed-" + ids.incrementAndGet(), ctx.region(),
                Map.of("from", recoverable.key())));
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        if (unreachable.contains(resource.id())) {
            throw new IllegalStateException("AccessDenied: the keys were revoked");
        }
        if (!"true".equals(resource.details().get("expectedDetail")) && !resource.details().containsKey("from")) {
            return RecoveryState.failed("details were not handed back");
        }
        int n = polls.computeIfAbsent(resource.id(), k -> new AtomicInteger()).incrementAndGet();
        return n > pendingPolls ? RecoveryState.ready() : RecoveryState.pending("creating");
    }
}
