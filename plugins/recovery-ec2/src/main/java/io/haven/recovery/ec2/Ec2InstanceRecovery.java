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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Recovers {@code ec2-instance} backups: per instance one {@code instance} recoverable (guide 9.2)
 * and one {@code volume} recoverable per backed-up volume ("volumes only", guide 9.3).
 */
@Component(service = TargetRecovery.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + Ec2InstanceRecovery.TYPE_ID)
public final class Ec2InstanceRecovery implements TargetRecovery {

    public static final String TYPE_ID = "ec2-instance";

    @Override
    public String typeId() {
        return TYPE_ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        List<Recoverable> recoverables = new ArrayList<>();
        for (RecordedInstance instance : RecordedInstance.group(artifacts)) {
            recoverables.add(InstanceRecovery.recoverable(TYPE_ID, instance));
            instance.volumes().forEach(volume -> recoverables.add(VolumeRecovery.recoverable(TYPE_ID, volume)));
        }
        return recoverables;
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        switch (kindOf(recoverable)) {
            case InstanceRecovery.KIND -> InstanceRecovery.check(ctx, recoverable, choices, new ArrayList<>(), true);
            default -> VolumeRecovery.check(ctx, recoverable, choices);
        }
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        switch (kindOf(recoverable)) {
            case InstanceRecovery.KIND -> InstanceRecovery.start(ctx, recoverable, choices, progress);
            default -> VolumeRecovery.start(ctx, recoverable, choices, progress);
        }
    }

    /** Instances go on from what their start recorded (decision 0054); a volume keeps the default: its record is polled. */
    @Override
    public void resume(CloudContext ctx, Recoverable recoverable, Map<String, String> choices,
                       List<RecoveredResource> created, RecoveryProgress progress) {
        switch (kindOf(recoverable)) {
            case InstanceRecovery.KIND -> InstanceRecovery.resume(ctx, recoverable, choices, created, progress);
            default -> TargetRecovery.super.resume(ctx, recoverable, choices, created, progress);
        }
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        return ResourcePoller.poll(ctx, resource);
    }

    private static String kindOf(Recoverable recoverable) {
        String kind = recoverable.kind();
        if (recoverable.artifacts().isEmpty()
                || !(InstanceRecovery.KIND.equals(kind) || VolumeRecovery.KIND.equals(kind))) {
            throw new InvalidRecoveryException("kind", "EC2 instance backups recover instances and volumes, not " + kind);
        }
        return kind;
    }
}
