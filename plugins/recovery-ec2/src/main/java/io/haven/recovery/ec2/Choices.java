package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's choices read against a recoverable's options. An absent choice takes the option's
 * default; a blank one means "none" (no key pair, no subnet, ...); a name that no option has and a
 * value outside an option's allowed values are refused at once.
 */
final class Choices {

    private final Map<String, RecoveryOption> options = new LinkedHashMap<>();
    private final Map<String, String> chosen;

    private Choices(Recoverable recoverable, Map<String, String> chosen) {
        recoverable.options().forEach(option -> options.put(option.name(), option));
        this.chosen = chosen == null ? Map.of() : new LinkedHashMap<>(chosen);
    }

    /** @throws InvalidRecoveryException naming the first unknown option or disallowed value */
    static Choices of(Recoverable recoverable, Map<String, String> chosen) {
        Choices choices = new Choices(recoverable, chosen);
        choices.chosen.forEach((name, value) -> {
            RecoveryOption option = choices.options.get(name);
            if (option == null) {
                throw new InvalidRecoveryException(name, "Unknown option '" + name + "'; this recovery takes "
                        + String.join(", ", choices.options.keySet()));
            }
            String text = value == null ? "" : value.strip();
            if (!option.allowed().isEmpty() && !text.isEmpty() && !option.allowed().contains(text)) {
                throw new InvalidRecoveryException(name, name + " must be one of " + String.join(", ", option.allowed())
                        + ", not '" + text + "'");
            }
        });
        return choices;
    }

    /** Whether the user set this option rather than taking its default. */
    boolean isChosen(String name) {
        return chosen.containsKey(name);
    }

    /** The chosen value, else the default; empty when that is blank or absent. */
    Optional<String> text(String name) {
        String value = chosen.containsKey(name) ? chosen.get(name) : defaultOf(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** Like {@link #text} but a blank choice falls back to the default too: for options that cannot be "none". */
    String textOrDefault(String name) {
        return text(name).or(() -> Optional.ofNullable(defaultOf(name)).filter(v -> !v.isBlank()).map(String::strip))
                .orElse(null);
    }

    Optional<Boolean> flag(String name) {
        return text(name).map(value -> switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidRecoveryException(name, name + " must be true or false, not '" + value + "'");
        });
    }

    boolean flag(String name, boolean fallback) {
        return flag(name).orElse(fallback);
    }

    /** A whole number in [min, max]; empty when not set. */
    Optional<Integer> integer(String name, int min, int max) {
        return text(name).map(value -> {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidRecoveryException(name, name + " must be a whole number, not '" + value + "'");
            }
            if (number < min || number > max) {
                throw new InvalidRecoveryException(name, name + " must be between " + min + " and " + max
                        + ", not " + number);
            }
            return number;
        });
    }

    /** A comma-separated list; empty when not set. */
    List<String> list(String name) {
        return text(name).map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty())
                .toList()).orElse(List.of());
    }

    private String defaultOf(String name) {
        RecoveryOption option = options.get(name);
        return option == null ? null : option.defaultValue();
    }
}
