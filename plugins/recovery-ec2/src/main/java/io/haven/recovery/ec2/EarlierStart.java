package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an instance recovery's start had recorded before Haven's stop cut it short (decision 0054): the snapshot copies
 * it made (shared snapshot id to copy id), the AMI it registered and the instances it launched. A start from scratch
 * is the same steps with nothing recorded ({@link #NONE}), so that start and resume share them.
 */
record EarlierStart(Map<String, String> copies, Optional<String> imageId, List<String> instanceIds) {

    static final EarlierStart NONE = new EarlierStart(Map.of(), Optional.empty(), List.of());

    EarlierStart {
        copies = Map.copyOf(copies);
        instanceIds = List.copyOf(instanceIds);
    }

    static EarlierStart of(List<RecoveredResource> created) {
        Map<String, String> copies = new LinkedHashMap<>();
        created.stream().filter(r -> OwnCopies.KIND.equals(r.kind()) && r.details().containsKey(OwnCopies.COPY_OF))
                .forEach(r -> copies.putIfAbsent(r.details().get(OwnCopies.COPY_OF), r.id()));
        Optional<String> image = created.stream().filter(r -> ResourcePoller.AMI.equals(r.kind()))
                .map(RecoveredResource::id).reduce((first, last) -> last);
        List<String> instances = created.stream().filter(r -> InstanceRecovery.KIND.equals(r.kind()))
                .map(RecoveredResource::id).toList();
        return new EarlierStart(copies, image, instances);
    }

    boolean any() {
        return !copies.isEmpty() || imageId.isPresent() || !instanceIds.isEmpty();
    }
}
