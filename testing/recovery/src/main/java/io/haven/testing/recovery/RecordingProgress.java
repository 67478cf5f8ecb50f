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

    /** The resources of one kind that were created. */
    public List<RecoveredResource> created(String kind) {
        return created.stream().filter(resource -> resource.kind().equals(kind)).toList();
    }
}
