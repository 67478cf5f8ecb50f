package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a recovery reported, in order. */
final class RecordingProgress implements RecoveryProgress {

    final List<RecoveredResource> created = new ArrayList<>();
    final List<RecoveredResource> removed = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    /** created and removed in the order they came, as "created:KIND" and "removed:KIND". */
    final List<String> events = new ArrayList<>();

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

    List<RecoveredResource> created(String kind) {
        return created.stream().filter(resource -> resource.kind().equals(kind)).toList();
    }
}
