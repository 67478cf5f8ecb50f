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
 */
public record RecoveryOption(String name, String defaultValue, String description, List<String> allowed) {
    public RecoveryOption {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static RecoveryOption free(String name, String defaultValue, String description) {
        return new RecoveryOption(name, defaultValue, description, List.of());
    }

    public static RecoveryOption oneOf(String name, String defaultValue, String description, List<String> allowed) {
        return new RecoveryOption(name, defaultValue, description, allowed);
    }
}
