package io.haven.aws.ec2;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/**
 * The facts of an EBS volume that its recovery needs, as artifact details: recorded with every
 * snapshot so that a volume can be recreated as it was even after it is gone.
 */
public final class VolumeFacts {

    /** EBS volume type: gp2, gp3, io1, io2, st1, sc1 or standard. */
    public static final String TYPE = "volume.type";
    /** Provisioned (io1, io2, gp3) or baseline (gp2) IOPS. */
    public static final String IOPS = "volume.iops";
    /** gp3 throughput in MiB/s. */
    public static final String THROUGHPUT = "volume.throughput";
    public static final String ZONE = "volume.zone";
    /** {@code true} or {@code false}. */
    public static final String ENCRYPTED = "volume.encrypted";
    /** {@code true} or {@code false}; only when the volume was attached. */
    public static final String DELETE_ON_TERMINATION = "volume.deleteOnTermination";
    /** Prefix of the volume's tags: {@code volume.tag.Name}. */
    public static final String TAG_PREFIX = "volume.tag.";

    // Tags that AWS services own; they cannot be set on a recovered volume.
    private static final String AWS_TAG_PREFIX = "aws:";

    private VolumeFacts() {
    }

    /** The volume's facts in the order above, tags last; unknown facts are left out. */
    public static Map<String, String> of(Volume volume) {
        Map<String, String> facts = new LinkedHashMap<>();
        put(facts, TYPE, volume.volumeTypeAsString());
        put(facts, IOPS, volume.iops());
        put(facts, THROUGHPUT, volume.throughput());
        put(facts, ZONE, volume.availabilityZone());
        put(facts, ENCRYPTED, volume.encrypted());
        volume.attachments().stream()
                .filter(a -> a.state() == VolumeAttachmentState.ATTACHED || a.state() == VolumeAttachmentState.ATTACHING)
                .findFirst()
                .map(VolumeAttachment::deleteOnTermination)
                .ifPresent(deleteOnTermination -> put(facts, DELETE_ON_TERMINATION, deleteOnTermination));
        Ec2Tags.toMap(volume.tags()).forEach((key, value) -> {
            if (!key.startsWith(AWS_TAG_PREFIX)) {
                facts.put(TAG_PREFIX + key, value);
            }
        });
        return facts;
    }

    private static void put(Map<String, String> facts, String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            facts.put(key, value.toString());
        }
    }
}
