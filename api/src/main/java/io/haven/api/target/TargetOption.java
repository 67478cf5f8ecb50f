package io.haven.api.target;

import java.util.List;
import java.util.Objects;

/**
 * One option a target of a {@link TargetType} takes, as the type publishes it with {@link TargetType#options()}, so
 * that every interface (the console's policy page, the REST API's {@code GET /target-types}, the shell) can offer it
 * without knowing the type. It describes what {@link TargetType#validate} accepts and nothing more: the type's check
 * stays the one rule, and a combination this description allows may still be refused there (EC2:
 * {@code reboot=true} only with {@code backupMode=ami}).
 *
 * <p>The shape follows {@link io.haven.api.recovery.RecoveryOption} (name, default, description, allowed values), with
 * a label for people and a {@link Kind} so that a form can draw a check box for a yes/no option.
 *
 * @param name         the key in {@link TargetSpec#options()}, for example {@code backupMode}
 * @param label        a short name for people, for example "Backup mode"; the name when not given
 * @param kind         what sort of value it takes
 * @param defaultValue what the type does when the option is absent, as a value of the option; null when the default
 *                     is not one fixed value (EC2's backup mode depends on the instance's platform: the description
 *                     says so)
 * @param description  one or two sentences for people: what it does, and the default when it is not fixed
 * @param allowed      the only values accepted ({@link Kind#CHOICE}; {@code true} and {@code false} for
 *                     {@link Kind#BOOLEAN}), or empty when the value is free
 * @since 1.7
 */
public record TargetOption(String name, String label, Kind kind, String defaultValue, String description,
                           List<String> allowed) {

    /** What sort of value an option takes; all values travel as text in {@link TargetSpec#options()}. */
    public enum Kind {
        /** One of {@link #allowed()}. */
        CHOICE,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Free text. */
        TEXT,
        /** Several values in one text, separated by commas (EC2's {@code devices}). */
        LIST
    }

    private static final List<String> TRUE_FALSE = List.of("true", "false");

    public TargetOption {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A target option needs a name");
        }
        Objects.requireNonNull(kind, "kind");
        label = label == null || label.isBlank() ? name : label;
        description = description == null ? "" : description;
        allowed = kind == Kind.BOOLEAN ? TRUE_FALSE : allowed == null ? List.of() : List.copyOf(allowed);
        if (kind == Kind.CHOICE && allowed.isEmpty()) {
            throw new IllegalArgumentException("Option " + name + " is a choice without values to choose from");
        }
        if (kind != Kind.CHOICE && kind != Kind.BOOLEAN && !allowed.isEmpty()) {
            throw new IllegalArgumentException("Option " + name + " is free " + kind + " and lists allowed values");
        }
        if (defaultValue != null && !allowed.isEmpty() && !allowed.contains(defaultValue)) {
            throw new IllegalArgumentException("The default of option " + name + ", " + defaultValue
                    + ", is not one of its values " + allowed);
        }
    }

    /** An option that takes one of the given values. */
    public static TargetOption choice(String name, String label, String defaultValue, String description,
                                      List<String> allowed) {
        return new TargetOption(name, label, Kind.CHOICE, defaultValue, description, allowed);
    }

    /** A yes/no option, {@code true} or {@code false}. */
    public static TargetOption yesNo(String name, String label, boolean defaultValue, String description) {
        return new TargetOption(name, label, Kind.BOOLEAN, String.valueOf(defaultValue), description, TRUE_FALSE);
    }

    /** An option of free text. */
    public static TargetOption text(String name, String label, String defaultValue, String description) {
        return new TargetOption(name, label, Kind.TEXT, defaultValue, description, List.of());
    }

    /** An option of comma-separated values. */
    public static TargetOption list(String name, String label, String description) {
        return new TargetOption(name, label, Kind.LIST, null, description, List.of());
    }
}
