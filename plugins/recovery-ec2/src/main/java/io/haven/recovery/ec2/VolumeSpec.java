package io.haven.recovery.ec2;

import io.haven.aws.recovery.RecoveryChoices;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a volume to create from a snapshot, read from the choices and checked against
 * {@link EbsLimits}. Null fields are left to EBS (the snapshot's size, the default type).
 *
 * @param tags the tags to give it: the original's when preserved, else none
 */
record VolumeSpec(Integer sizeGiB, String type, Integer iops, Integer throughput, Map<String, String> tags) {

    static final String SIZE = "sizeGiB";
    static final String TYPE = "volumeType";
    static final String IOPS = "iops";
    static final String THROUGHPUT = "throughput";
    static final String PRESERVE_TAGS = "preserveTags";

    VolumeSpec {
        tags = Map.copyOf(tags);
    }

    /**
     * @param prefix the options' prefix: empty for a volume recovery, {@code volume.DEVICE.} for a
     *               volume of an instance recovery
     */
    static VolumeSpec read(RecoveryChoices choices, String prefix, RecordedVolume recorded) {
        String type = choices.text(prefix + TYPE).orElse(null);
        Integer size = choices.integer(prefix + SIZE, 1, Integer.MAX_VALUE).orElse(recorded.sizeGiB());
        // The original's IOPS and throughput only carry over while the type stays the same.
        boolean sameType = Objects.equals(type, recorded.type());
        Integer iops = choices.isChosen(prefix + IOPS)
                ? choices.integer(prefix + IOPS, 1, Integer.MAX_VALUE).orElse(null)
                : sameType && EbsLimits.takesIops(type) ? recorded.iops() : null;
        Integer throughput = choices.isChosen(prefix + THROUGHPUT)
                ? choices.integer(prefix + THROUGHPUT, 1, Integer.MAX_VALUE).orElse(null)
                : sameType && EbsLimits.takesThroughput(type) ? recorded.throughput() : null;
        if (size != null) {
            EbsLimits.checkSize(prefix + SIZE, type, size, recorded.sizeGiB());
        }
        EbsLimits.checkIops(prefix + IOPS, type, iops, size);
        EbsLimits.checkThroughput(prefix + THROUGHPUT, type, throughput, iops);
        boolean preserveTags = choices.flag(prefix + PRESERVE_TAGS, true);
        return new VolumeSpec(size, type, iops, throughput, preserveTags ? recorded.tags() : Map.of());
    }
}
