package io.haven.testing.recovery;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a recovery reported, in order, for a plugin's tests to assert on. */
public final class RecordingProgress implements RecoveryProgress {

    public final List<RecoveredResource> created = new ArrayList<>();
    public final List<RecoveredResource> removed = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    /** created and removed in the order they came, as "created:KIND" and "removed:KIND". */
    public final List<String> events = new ArrayList<>();
    /** Stands for the recovery's identity in its client tokens. */
    private final String recovery;

    public RecordingProgress() {
        this(java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    private RecordingProgress(String recovery) {
        this.recovery = recovery;
    }

    @Override
    public void created(RecoveredResource resource) {
        created.add(resource);
        events.add("created:" + resource.kind());
    }

    @Override
    public void removed(RecoveredResource resource) {
        removed.add(resource);
        events.add("removed:" + resource.kind());
    }

    @Override
    public void log(String message) {
        log.add(message);
    }

    /**
     * The same for the same step of this progress's recovery, as core's; {@link #resumedWith} hands it on, so that
     * a resumption in a test gets the tokens of the start it goes on with.
     */
    @Override
    public String clientToken(String step) {
        if (step == null || !step.matches(CLIENT_TOKEN_STEP)) {
            throw new IllegalArgumentException("Not a client token step: " + step);
        }
        return "test-" + recovery + "-" + step;
    }

    /** A progress for resuming this one's recovery: a new record, the same client tokens. */
    public RecordingProgress resumedWith() {
        return new RecordingProgress(recovery);
    }

    /** The resources of one kind that were created. */
    public List<RecoveredResource> created(String kind) {
        return created.stream().filter(resource -> resource.kind().equals(kind)).toList();
    }
}
