package io.haven.shell.policy;

import io.haven.api.model.DrSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.service.ValidationException;
import java.util.Arrays;
import java.util.List;
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

    /** DR settings in one line: {@code off}, or {@code every 2 to us-west-2, eu-west-1 (24 h)}. */
    static String dr(DrSettings dr) {
        if (!dr.enabled()) {
            return "off";
        }
        String where = dr.account() == null ? String.join(", ", dr.regions())
                : "DR account " + dr.account() + (dr.regions().isEmpty() ? "" : " in " + String.join(", ", dr.regions()))
                + (dr.keepOriginals() ? "" : ", originals not kept");
        return (dr.everyBackups() == 1 ? "every backup" : "every " + dr.everyBackups()) + " to "
                + where + " (" + dr.timeoutHours() + " h)";
    }

    /** Regions given as repeated options, each of which may list several separated by commas. */
    /** The id of the DR account named by id or name; an unknown one is refused naming {@code dr.account}. */
    static long drAccount(io.haven.api.service.AccountService accounts, io.haven.api.model.Caller caller, String text) {
        try {
            return accounts.find(caller, text.trim()).id();
        } catch (io.haven.api.service.NotFoundException e) {
            throw new ValidationException("dr.account", "No account '" + text + "'");
        }
    }

    static boolean yesNo(String field, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new ValidationException(field, "Write yes or no, not '" + text + "'");
        };
    }

    static List<String> regions(List<String> given) {
        return given.stream().flatMap(r -> Arrays.stream(r.split(","))).map(String::trim).filter(r -> !r.isEmpty())
                .toList();
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
