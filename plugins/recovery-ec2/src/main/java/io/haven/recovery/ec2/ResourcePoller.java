package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.target.CloudContext;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * Reads the state of what a recovery created: a volume is ready when available (or attached where
 * it was to be attached), an instance when running, an AMI when available, a snapshot copy when completed.
 */
final class ResourcePoller {

    /** Detail of a recovered volume: the instance it was to be attached to. */
    static final String ATTACH_TO = "attachTo";
    static final String AMI = "ami";

    private ResourcePoller() {
    }

    static RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        Ec2Lookups lookups = new Ec2Lookups(ctx.client(Ec2Client.class));
        return switch (resource.kind()) {
            case VolumeRecovery.KIND -> lookups.volume(resource.id())
                    .map(volume -> volumeState(volume, resource.details().get(ATTACH_TO)))
                    .orElseGet(() -> gone(resource));
            case InstanceRecovery.KIND -> lookups.instance(resource.id()).map(ResourcePoller::instanceState)
                    .orElseGet(() -> gone(resource));
            case AMI -> lookups.image(resource.id()).map(ResourcePoller::imageState).orElseGet(() -> gone(resource));
            case OwnCopies.KIND -> lookups.snapshot(resource.id()).map(ResourcePoller::snapshotState)
                    .orElseGet(() -> gone(resource));
            default -> RecoveryState.failed("EC2 recovery does not know resources of kind " + resource.kind());
        };
    }

    static RecoveryState volumeState(Volume volume, String attachTo) {
        VolumeState state = volume.state();
        if (state == VolumeState.CREATING) {
            return RecoveryState.pending("creating");
        }
        if (state != VolumeState.AVAILABLE && state != VolumeState.IN_USE) {
            return RecoveryState.failed("Volume " + volume.volumeId() + " is " + volume.stateAsString());
        }
        if (attachTo == null) {
            return RecoveryState.ready();
        }
        Optional<VolumeAttachmentState> attachment = volume.attachments().stream()
                .filter(a -> attachTo.equals(a.instanceId()))
                .map(VolumeAttachment::state)
                .findFirst();
        if (attachment.isEmpty()) {
            return RecoveryState.failed("Volume " + volume.volumeId() + " is not attached to " + attachTo);
        }
        return switch (attachment.get()) {
            case ATTACHED -> RecoveryState.ready();
            case ATTACHING -> RecoveryState.pending("attaching to " + attachTo);
            default -> RecoveryState.failed("Volume " + volume.volumeId() + " is " + attachment.get() + " from " + attachTo);
        };
    }

    static RecoveryState instanceState(Instance instance) {
        InstanceStateName state = instance.state() == null ? null : instance.state().name();
        if (state == InstanceStateName.RUNNING) {
            return RecoveryState.ready();
        }
        if (state == InstanceStateName.PENDING || state == null) {
            return RecoveryState.pending("pending");
        }
        String reason = instance.stateReason() == null ? null : instance.stateReason().message();
        return RecoveryState.failed("Instance " + instance.instanceId() + " is " + instance.state().nameAsString()
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
    }

    static RecoveryState imageState(Image image) {
        if (image.state() == ImageState.AVAILABLE) {
            return RecoveryState.ready();
        }
        if (image.state() == ImageState.PENDING) {
            return RecoveryState.pending("pending");
        }
        String reason = image.stateReason() == null ? null : image.stateReason().message();
        return RecoveryState.failed("AMI " + image.imageId() + " is " + image.stateAsString()
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
    }

    static RecoveryState snapshotState(Snapshot snapshot) {
        if (snapshot.state() == SnapshotState.COMPLETED) {
            return RecoveryState.ready();
        }
        if (snapshot.state() == SnapshotState.PENDING) {
            return RecoveryState.pending(snapshot.progress() == null ? "pending" : snapshot.progress());
        }
        return RecoveryState.failed("Snapshot " + snapshot.snapshotId() + " is " + snapshot.stateAsString()
                + (snapshot.stateMessage() == null || snapshot.stateMessage().isBlank() ? "" : ": " + snapshot.stateMessage()));
    }

    private static RecoveryState gone(RecoveredResource resource) {
        return RecoveryState.failed(resource.kind() + " " + resource.id() + " no longer exists");
    }
}
