package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveryOption;
import java.util.ArrayList;
import java.util.List;

/** The options of a volume to recover, with the original volume's settings as defaults. */
final class VolumeOptions {

    static final String ZONE = "zone";
    static final String ATTACH_TO = "attachTo";
    static final String DEVICE = "device";
    static final String ATTACH_BEHAVIOUR = "attachBehaviour";
    static final String RECOVER = "recover";
    static final String DELETE_ON_TERMINATION = "deleteOnTermination";

    static final String IF_FREE = "if-free";
    static final String SWITCH = "switch";
    static final String SWITCH_AND_DELETE = "switch-and-delete";

    static final List<String> BOOLEAN = List.of("true", "false");

    private VolumeOptions() {
    }

    /** The options of a volume recovery (guide 9.3). */
    static List<RecoveryOption> forVolume(RecordedVolume volume) {
        List<RecoveryOption> options = new ArrayList<>();
        options.add(RecoveryOption.free(ZONE, volume.zone(), "Availability zone of the new volume").boundToRegion());
        options.addAll(settings("", volume));
        options.add(RecoveryOption.free(ATTACH_TO, null,
                "Instance to attach the new volume to, in the volume's zone; empty: leave it unattached").boundToRegion());
        options.add(RecoveryOption.free(DEVICE, volume.device(), "Device to attach it as, for example /dev/sdf"));
        options.add(RecoveryOption.oneOf(ATTACH_BEHAVIOUR, IF_FREE,
                "if-free: attach only if the device is free; switch: detach the volume at that device first "
                        + "(stopped instances only); switch-and-delete: switch, then delete the detached volume",
                List.of(IF_FREE, SWITCH, SWITCH_AND_DELETE)));
        return options;
    }

    /** The options of one volume of an instance recovery, named {@code volume.DEVICE.NAME} (guide 9.2.1). */
    static List<RecoveryOption> forInstanceVolume(RecordedVolume volume, boolean root) {
        String prefix = prefix(volume.device());
        List<RecoveryOption> options = new ArrayList<>();
        if (!root) {
            options.add(RecoveryOption.oneOf(prefix + RECOVER, "true", "Whether to recover " + volume.device(), BOOLEAN));
        }
        options.addAll(settings(prefix, volume));
        if (!root) {
            options.add(RecoveryOption.free(prefix + DEVICE, volume.device(), "Device of the volume on the new instance"));
        }
        boolean deleteOnTermination = volume.deleteOnTermination() != null ? volume.deleteOnTermination() : root;
        options.add(RecoveryOption.oneOf(prefix + DELETE_ON_TERMINATION, String.valueOf(deleteOnTermination),
                "Whether the volume goes when the instance is terminated", BOOLEAN));
        return options;
    }

    static String prefix(String device) {
        return "volume." + device + ".";
    }

    private static List<RecoveryOption> settings(String prefix, RecordedVolume volume) {
        String type = volume.type();
        return List.of(
                RecoveryOption.free(prefix + VolumeSpec.SIZE, text(volume.sizeGiB()),
                        "Size in GiB; the original's or larger"),
                RecoveryOption.oneOf(prefix + VolumeSpec.TYPE, type, "EBS volume type", EbsLimits.TYPES),
                RecoveryOption.free(prefix + VolumeSpec.IOPS, EbsLimits.takesIops(type) ? text(volume.iops()) : null,
                        "Provisioned IOPS: gp3 3000-16000, io1 100-64000, io2 100-256000; none for other types"),
                RecoveryOption.free(prefix + VolumeSpec.THROUGHPUT,
                        EbsLimits.takesThroughput(type) ? text(volume.throughput()) : null,
                        "Throughput in MiB/s, gp3 only: 125-1000"),
                RecoveryOption.oneOf(prefix + VolumeSpec.PRESERVE_TAGS, "true",
                        "Whether the new volume gets the original's tags", BOOLEAN));
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
