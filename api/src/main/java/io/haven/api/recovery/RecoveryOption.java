package io.haven.api.recovery;

import java.util.List;

/**
 * One choice of a recovery.
 *
 * @param name         the key in the choices map, for example {@code instanceType} or
 *                     {@code volume./dev/sdf.sizeGiB} for a per-volume choice
 * @param defaultValue the value used when the choice is absent; null when there is none
 * @param description  one line for the user
 * @param allowed      the only values accepted, or empty when free text
 * @param regionBound  whether the value names something of one region (a zone, subnet, security group, image, key
 *                     pair, parameter group): recovering in another region (from a DR copy) blanks its default, which
 *                     means nothing there (since 1.1)
 * @param lookup       what finds values for this option, or null: {@value #IMAGES} is the AMI assistant (the
 *                     recoverable's images in a region, {@link AmiAssistant}), so a user interface can offer it next to
 *                     the field (since 1.2); {@code images.<attribute>} is the same search, the value being that
 *                     attribute of the image chosen, for example {@link #IMAGE_KERNELS} (since 1.3)
 */
public record RecoveryOption(String name, String defaultValue, String description, List<String> allowed,
                             boolean regionBound, String lookup) {

    /** {@link #lookup}: the value is an AMI id that the AMI assistant finds. */
    public static final String IMAGES = "images";
    /**
     * {@link #lookup}: the value is the kernel id of an image that the AMI assistant finds (guide 10.5: a matching
     * image's kernel in the target region, for an instance launched from its root snapshot) (since 1.3).
     */
    public static final String IMAGE_KERNELS = IMAGES + ".kernelId";
    /** {@link #lookup}: the value is the RAM disk id of an image that the AMI assistant finds (since 1.3). */
    public static final String IMAGE_RAMDISKS = IMAGES + ".ramdiskId";

    public RecoveryOption {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public RecoveryOption(String name, String defaultValue, String description, List<String> allowed,
                          boolean regionBound) {
        this(name, defaultValue, description, allowed, regionBound, null);
    }

    public RecoveryOption(String name, String defaultValue, String description, List<String> allowed) {
        this(name, defaultValue, description, allowed, false);
    }

    /** The same option, naming something of its region (see {@link #regionBound}). */
    public RecoveryOption boundToRegion() {
        return new RecoveryOption(name, defaultValue, description, allowed, true, lookup);
    }

    /** The same option, its values found by {@code lookup} (see {@link #lookup}, for example {@link #IMAGES}). */
    public RecoveryOption foundBy(String lookup) {
        return new RecoveryOption(name, defaultValue, description, allowed, regionBound, lookup);
    }

    /** The same option without a default. */
    public RecoveryOption withoutDefault() {
        return new RecoveryOption(name, null, description, allowed, regionBound, lookup);
    }

    public static RecoveryOption free(String name, String defaultValue, String description) {
        return new RecoveryOption(name, defaultValue, description, List.of());
    }

    public static RecoveryOption oneOf(String name, String defaultValue, String description, List<String> allowed) {
        return new RecoveryOption(name, defaultValue, description, allowed);
    }
}
