package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import java.util.List;
import java.util.Map;

/**
 * What EBS accepts for a new volume, per volume type: size, IOPS and throughput ranges and the
 * ratios between them. Checked before anything is created so that a bad choice is refused with a
 * message naming the option, rather than failing half-way in AWS.
 */
final class EbsLimits {

    static final List<String> TYPES = List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    /** Sizes in GiB, inclusive. */
    private static final Map<String, Range> SIZE = Map.of(
            "gp2", new Range(1, 16_384), "gp3", new Range(1, 16_384),
            "io1", new Range(4, 16_384), "io2", new Range(4, 65_536),
            "st1", new Range(125, 16_384), "sc1", new Range(125, 16_384),
            "standard", new Range(1, 1_024));
    /** Provisioned IOPS, and the most IOPS per GiB of size. */
    private static final Map<String, Range> IOPS = Map.of(
            "gp3", new Range(3_000, 16_000), "io1", new Range(100, 64_000), "io2", new Range(100, 256_000));
    private static final Map<String, Integer> IOPS_PER_GIB = Map.of("gp3", 500, "io1", 50, "io2", 1_000);
    /** gp3 throughput in MiB/s, at most a quarter MiB/s per provisioned IOPS. */
    private static final Range GP3_THROUGHPUT = new Range(125, 1_000);
    private static final int GP3_BASELINE_IOPS = 3_000;

    private record Range(int min, int max) {
        boolean contains(int value) {
            return value >= min && value <= max;
        }
    }

    private EbsLimits() {
    }

    static boolean takesIops(String type) {
        return IOPS.containsKey(type);
    }

    static boolean takesThroughput(String type) {
        return "gp3".equals(type);
    }

    /** Whether io1 and io2: they cannot be created without an IOPS value. */
    static boolean needsIops(String type) {
        return "io1".equals(type) || "io2".equals(type);
    }

    /**
     * @param type         the new volume's type, or null when EBS picks it
     * @param originalSize the snapshot's volume size, or null when unknown
     */
    static void checkSize(String field, String type, int sizeGiB, Integer originalSize) {
        if (originalSize != null && sizeGiB < originalSize) {
            throw new InvalidRecoveryException(field, "A recovered volume cannot be smaller than the original: "
                    + field + " must be at least " + originalSize + " GiB, not " + sizeGiB);
        }
        Range range = SIZE.get(type == null ? "gp2" : type);
        if (range != null && !range.contains(sizeGiB)) {
            throw new InvalidRecoveryException(field, (type == null ? "gp2" : type) + " volumes are " + range.min()
                    + " to " + range.max() + " GiB, not " + sizeGiB);
        }
    }

    /** @param iops the chosen IOPS, or null when none was given */
    static void checkIops(String field, String type, Integer iops, Integer sizeGiB) {
        if (iops == null) {
            if (needsIops(type)) {
                Range range = IOPS.get(type);
                throw new InvalidRecoveryException(field, type + " volumes need " + field + " (" + range.min()
                        + " to " + range.max() + ")");
            }
            return;
        }
        if (!takesIops(type)) {
            throw new InvalidRecoveryException(field, (type == null ? "A volume without a type" : type + " volumes")
                    + " take no IOPS setting; only gp3, io1 and io2 do");
        }
        Range range = IOPS.get(type);
        if (!range.contains(iops)) {
            throw new InvalidRecoveryException(field, type + " volumes take " + range.min() + " to " + range.max()
                    + " IOPS, not " + iops);
        }
        int perGiB = IOPS_PER_GIB.get(type);
        boolean aboveBaseline = !"gp3".equals(type) || iops > GP3_BASELINE_IOPS;
        if (sizeGiB != null && aboveBaseline && (long) iops > (long) perGiB * sizeGiB) {
            long needed = (iops + perGiB - 1) / perGiB;
            throw new InvalidRecoveryException(field, type + " volumes take at most " + perGiB + " IOPS per GiB: "
                    + iops + " IOPS need at least " + needed + " GiB, the volume has " + sizeGiB);
        }
    }

    /** @param iops the IOPS the volume will have (null: gp3's baseline) */
    static void checkThroughput(String field, String type, Integer throughput, Integer iops) {
        if (throughput == null) {
            return;
        }
        if (!takesThroughput(type)) {
            throw new InvalidRecoveryException(field, "Only gp3 volumes take a throughput setting, not "
                    + (type == null ? "a volume without a type" : type));
        }
        if (!GP3_THROUGHPUT.contains(throughput)) {
            throw new InvalidRecoveryException(field, "gp3 throughput is " + GP3_THROUGHPUT.min() + " to "
                    + GP3_THROUGHPUT.max() + " MiB/s, not " + throughput);
        }
        int effectiveIops = iops == null ? GP3_BASELINE_IOPS : iops;
        if (throughput > GP3_THROUGHPUT.min() && throughput * 4L > effectiveIops) {
            throw new InvalidRecoveryException(field, "gp3 throughput is at most 0.25 MiB/s per IOPS: " + throughput
                    + " MiB/s need at least " + throughput * 4L + " IOPS, the volume has " + effectiveIops);
        }
    }
}
