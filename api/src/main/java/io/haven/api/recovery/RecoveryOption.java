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
 */
public record RecoveryOption(String name, String defaultValue, String description, List<String> allowed,
                             boolean regionBound) {
    public RecoveryOption {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public RecoveryOption(String name, String defaultValue, String description, List<String> allowed) {
        this(name, defaultValue, description, allowed, false);
    }

    /** The same option, naming something of its region (see {@link #regionBound}). */
    public RecoveryOption boundToRegion() {
        return new RecoveryOption(name, defaultValue, description, allowed, true);
    }

    /** The same option without a default. */
    public RecoveryOption withoutDefault() {
        return new RecoveryOption(name, null, description, allowed, regionBound);
    }

    public static RecoveryOption free(String name, String defaultValue, String description) {
        return new RecoveryOption(name, defaultValue, description, List.of());
    }

    public static RecoveryOption oneOf(String name, String defaultValue, String description, List<String> allowed) {
        return new RecoveryOption(name, defaultValue, description, allowed);
    }
}
