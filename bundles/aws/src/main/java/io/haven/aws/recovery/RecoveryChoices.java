package io.haven.aws.recovery;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's choices read against a recoverable's options: an absent choice takes the option's
 * default, a blank one means "not set", and names that no option has are refused.
 */
public final class RecoveryChoices {

    private final Map<String, RecoveryOption> options = new LinkedHashMap<>();
    private final Map<String, String> chosen;

    private RecoveryChoices(Recoverable recoverable, Map<String, String> chosen) {
        recoverable.options().forEach(option -> options.put(option.name(), option));
        // Not Map.copyOf: a JSON null is a blank choice, and the first unknown name is the one reported.
        this.chosen = chosen == null ? Map.of() : new LinkedHashMap<>(chosen);
    }

    /** @throws InvalidRecoveryException for an unknown option name or a value outside an option's allowed values */
    public static RecoveryChoices of(Recoverable recoverable, Map<String, String> chosen) {
        RecoveryChoices choices = new RecoveryChoices(recoverable, chosen);
        choices.chosen.forEach((name, value) -> {
            RecoveryOption option = choices.options.get(name);
            if (option == null) {
                throw new InvalidRecoveryException(name, "Unknown option '" + name + "'; known options: "
                        + String.join(", ", choices.options.keySet()));
            }
            String trimmed = value == null ? "" : value.trim();
            if (!option.allowed().isEmpty() && !trimmed.isEmpty() && !option.allowed().contains(trimmed)) {
                throw new InvalidRecoveryException(name, name + " must be one of " + String.join(", ", option.allowed())
                        + ", not '" + trimmed + "'");
            }
        });
        return choices;
    }

    /** Whether the user gave this choice, as opposed to taking its default. */
    public boolean isChosen(String name) {
        return chosen.containsKey(name);
    }

    /** The chosen value or the default, trimmed; empty when neither is set or the value is blank. */
    public Optional<String> text(String name) {
        String value = chosen.containsKey(name) ? chosen.get(name) : defaultOf(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Like {@link #text} but a blank choice falls back to the default too: for options that cannot be "none". */
    public String textOrDefault(String name) {
        return text(name).or(() -> Optional.ofNullable(defaultOf(name)).filter(v -> !v.isBlank()).map(String::strip))
                .orElse(null);
    }

    public String required(String name) {
        return text(name).orElseThrow(() -> new InvalidRecoveryException(name, name + " is required"));
    }

    /** A true/false choice; empty when not set. */
    public Optional<Boolean> flag(String name) {
        return text(name).map(value -> switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidRecoveryException(name, name + " must be true or false, not '" + value + "'");
        });
    }

    /** A true/false choice, or {@code fallback} when not set. */
    public boolean flag(String name, boolean fallback) {
        return flag(name).orElse(fallback);
    }

    /** A whole number within [min, max]; empty when not set. */
    public Optional<Integer> integer(String name, int min, int max) {
        return text(name).map(value -> {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidRecoveryException(name, name + " must be a whole number, not '" + value + "'");
            }
            if (number < min || number > max) {
                throw new InvalidRecoveryException(name, name + " must be between " + min + " and " + max + ", not " + number);
            }
            return number;
        });
    }

    /** A list given with commas or white space between the items; empty when not set. */
    public List<String> list(String name) {
        return text(name).map(value -> Arrays.stream(value.split("[,\\s]+")).filter(item -> !item.isEmpty()).toList())
                .orElse(List.of());
    }

    private String defaultOf(String name) {
        RecoveryOption option = options.get(name);
        if (option == null) {
            throw new IllegalArgumentException("No option " + name);
        }
        return option.defaultValue();
    }
}
