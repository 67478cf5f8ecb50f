package io.haven.recovery.ec2;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The AMI that launchFrom=snapshot registers: the backup's root snapshot as root device plus the
 * recovered data volumes, with the chosen sizes, types and IOPS baked in so that an AMI kept for
 * later (amiHandling keep or register-only) launches the same instance.
 */
final class ImageRegistration {

    /** Tag on the registered AMI with the id of the instance it recovers. */
    static final String RECOVERY_OF_TAG = "haven:recovery-of";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ImageRegistration() {
    }

    /** @param recoveryTag the recovery's own tag value ({@link LostAnswers}), by which a resumption finds the AMI */
    static RegisterImageRequest request(RecordedInstance instance, LaunchSpec spec, Clock clock, String recoveryTag) {
        // AMI names are unique per account and region: a time stamp and a random suffix keep repeated recoveries apart.
        String name = "haven-recovery-" + instance.instanceId() + "-" + STAMP.format(clock.instant()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put(RECOVERY_OF_TAG, instance.instanceId());
        tags.put(LostAnswers.RECOVERY_TAG, recoveryTag);
        boolean hvm = "hvm".equals(spec.virtualizationType());
        return RegisterImageRequest.builder()
                .name(name)
                .description("Haven recovery of " + instance.label())
                .architecture(spec.architecture())
                .virtualizationType(spec.virtualizationType())
                .rootDeviceName(spec.rootDevice())
                .blockDeviceMappings(spec.volumes().stream().map(VolumeMapping::toBlockDeviceMapping).toList())
                // Current instance types need ENA; the backup does not record the original AMI's flag.
                .enaSupport(hvm ? Boolean.TRUE : null)
                .kernelId(spec.kernelId())
                .ramdiskId(spec.ramdiskId())
                .tagSpecifications(TagLists.specification(ResourceType.IMAGE, tags))
                .build();
    }
}
