package io.haven.target.ebs;

import io.haven.api.target.Resource;
import io.haven.aws.ec2.Ec2Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/** An EBS volume as a discovered {@link Resource}. */
final class VolumeResources {

    private VolumeResources() {
    }

    static Resource resourceOf(Volume volume, String region) {
        Map<String, String> tags = Ec2Tags.toMap(volume.tags());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sizeGiB", String.valueOf(volume.size()));
        putIfPresent(attributes, "zone", volume.availabilityZone());
        putIfPresent(attributes, "state", volume.stateAsString());
        putIfPresent(attributes, "volumeType", volume.volumeTypeAsString());
        attachment(volume).ifPresent(attachment -> {
            putIfPresent(attributes, "instanceId", attachment.instanceId());
            putIfPresent(attributes, "device", attachment.device());
        });
        return new Resource(EbsVolumeTargetType.ID, volume.volumeId(), region,
                Ec2Tags.nameOr(tags, volume.volumeId()), tags, attributes);
    }

    /** The instance the volume is attached (or being attached) to; EBS multi-attach: the first one. */
    static Optional<VolumeAttachment> attachment(Volume volume) {
        return volume.attachments().stream()
                .filter(a -> a.state() == VolumeAttachmentState.ATTACHED || a.state() == VolumeAttachmentState.ATTACHING)
                .findFirst();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
