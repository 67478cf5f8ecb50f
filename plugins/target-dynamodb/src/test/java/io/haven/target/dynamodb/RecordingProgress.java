package io.haven.target.dynamodb;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a recovery reported, in order. */
final class RecordingProgress implements RecoveryProgress {
    final List<RecoveredResource> created = new ArrayList<>();
    final List<RecoveredResource> removed = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    @Override
    public void created(RecoveredResource resource) {
        created.add(resource);
    }

    @Override
    public void removed(RecoveredResource resource) {
        removed.add(resource);
    }

    @Override
    public void log(String message) {
        log.add(message);
    }
}
