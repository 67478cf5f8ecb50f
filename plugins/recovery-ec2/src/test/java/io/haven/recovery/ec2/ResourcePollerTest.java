package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.recovery.RecoveryState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/** The states moto never shows (it creates everything at once), mapped from EC2's own descriptions. */
class ResourcePollerTest {

    @Test
    void aVolumeIsPendingWhileCreatingOrAttachingAndFailsInError() {
        Volume creating = Volume.builder().volumeId("vol-1").state(VolumeState.CREATING).build();
        Volume attaching = Volume.builder().volumeId("vol-1").state(VolumeState.IN_USE)
                .attachments(VolumeAttachment.builder().instanceId("i-1").state(VolumeAttachmentState.ATTACHING).build())
                .build();

        assertThat(ResourcePoller.volumeState(creating, null).state()).isEqualTo(RecoveryState.State.PENDING);
        assertThat(ResourcePoller.volumeState(attaching, "i-1").state()).isEqualTo(RecoveryState.State.PENDING);
        assertThat(ResourcePoller.volumeState(attaching, null)).isEqualTo(RecoveryState.ready());
        assertThat(ResourcePoller.volumeState(creating.toBuilder().state(VolumeState.ERROR).build(), null))
                .isEqualTo(RecoveryState.failed("Volume vol-1 is error"));
    }

    @Test
    void anInstanceIsReadyWhenRunningAndFailsWhenItStopsOnItsOwn() {
        Instance pending = Instance.builder().instanceId("i-1").state(s -> s.name(InstanceStateName.PENDING)).build();
        Instance terminated = pending.toBuilder().state(s -> s.name(InstanceStateName.TERMINATED))
                .stateReason(r -> r.message("Client.VolumeLimitExceeded: Volume limit exceeded")).build();

        assertThat(ResourcePoller.instanceState(pending).state()).isEqualTo(RecoveryState.State.PENDING);
        assertThat(ResourcePoller.instanceState(pending.toBuilder().state(s -> s.name(InstanceStateName.RUNNING)).build()))
                .isEqualTo(RecoveryState.ready());
        assertThat(ResourcePoller.instanceState(terminated))
                .isEqualTo(RecoveryState.failed("Instance i-1 is terminated: Client.VolumeLimitExceeded: Volume limit exceeded"));
    }

    @Test
    void anAmiIsPendingThenAvailableOrFailed() {
        Image pending = Image.builder().imageId("ami-1").state(ImageState.PENDING).build();

        assertThat(ResourcePoller.imageState(pending).state()).isEqualTo(RecoveryState.State.PENDING);
        assertThat(ResourcePoller.imageState(pending.toBuilder().state(ImageState.AVAILABLE).build()))
                .isEqualTo(RecoveryState.ready());
        assertThat(ResourcePoller.imageState(pending.toBuilder().state(ImageState.FAILED)
                .stateReason(r -> r.message("snapshot not found")).build()))
                .isEqualTo(RecoveryState.failed("AMI ami-1 is failed: snapshot not found"));
    }
}
