package io.haven.shell.policy;

import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.service.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The shell's words for policy options: lower case with hyphens, for example {@code yes-and-alert}. */
final class PolicyOptionsText {

    private PolicyOptionsText() {
    }

    static TargetRemoval removal(String field, String text) {
        return parse(field, text, TargetRemoval.class);
    }

    static SuccessCriterion criterion(String field, String text) {
        return parse(field, text, SuccessCriterion.class);
    }

    static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E parse(String field, String text, Class<E> type) {
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants()).filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ValidationException(field, "Not one of "
                        + Arrays.stream(type.getEnumConstants()).map(PolicyOptionsText::word)
                        .collect(Collectors.joining(", ")) + ": '" + text + "'"));
    }
}
