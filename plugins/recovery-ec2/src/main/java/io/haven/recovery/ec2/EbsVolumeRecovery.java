package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetType;
import io.haven.aws.ec2.EbsSnapshots;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** Recovers the volumes of {@code ebs-volume} backups: one {@code volume} recoverable per snapshot (guide 9.3). */
@Component(service = TargetRecovery.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + EbsVolumeRecovery.TYPE_ID)
public final class EbsVolumeRecovery implements TargetRecovery {

    public static final String TYPE_ID = "ebs-volume";

    @Override
    public String typeId() {
        return TYPE_ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return artifacts.stream()
                .filter(artifact -> EbsSnapshots.KIND.equals(artifact.kind()))
                .map(artifact -> VolumeRecovery.recoverable(TYPE_ID, RecordedVolume.of(artifact)))
                .toList();
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        requireVolume(recoverable);
        VolumeRecovery.check(ctx, recoverable, choices);
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        requireVolume(recoverable);
        VolumeRecovery.start(ctx, recoverable, choices, progress);
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        return ResourcePoller.poll(ctx, resource);
    }

    private static void requireVolume(Recoverable recoverable) {
        if (!VolumeRecovery.KIND.equals(recoverable.kind()) || recoverable.artifacts().isEmpty()) {
            throw new InvalidRecoveryException("kind", "EBS volume backups recover volumes, not " + recoverable.kind());
        }
    }
}
