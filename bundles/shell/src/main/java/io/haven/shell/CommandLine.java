package io.haven.shell;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;

/**
 * A command as the audit log shows it: its name, its options and its arguments as given, except the value of any
 * option that is censored or whose name speaks of a secret, which shows as {@code ***}.
 */
final class CommandLine {

    /** Commands that only read: they are not recorded. */
    static final Set<String> READ_ONLY = Set.of("account-check-permissions", "account-discover", "account-list",
            "alert-list", "ami-assistant", "apikey-list", "audit", "backup-list", "backup-log", "backup-scripts",
            "backup-show", "dashboard", "notifier-list", "policy-list", "policy-targets", "recovery-list", "recovery-panel",
            "recovery-show", "schedule-list", "schedule-next", "target-types", "user-list", "user-show");

    private static final String HIDDEN = "***";

    private CommandLine() {
    }

    static String of(Object action, Command command) {
        StringBuilder line = new StringBuilder(command.scope()).append(':').append(command.name());
        Map<Integer, Object> arguments = new TreeMap<>();
        for (Class<?> type = action.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                Argument argument = field.getAnnotation(Argument.class);
                if (option == null && argument == null) {
                    continue;
                }
                Object value = read(action, field);
                if (option != null && given(value)) {
                    line.append(' ').append(option.name());
                    if (!(value instanceof Boolean)) {
                        line.append(' ').append(secret(option.name(), field) || option.censor() ? HIDDEN : text(value));
                    }
                } else if (argument != null && given(value)) {
                    arguments.put(argument.index(), secret(argument.name(), field) ? HIDDEN : text(value));
                }
            }
        }
        arguments.values().forEach(value -> line.append(' ').append(value));
        return line.toString();
    }

    /** Options left at false, null or empty were not given (defaults of other values show: they were used). */
    private static boolean given(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !(value instanceof Collection<?> c && c.isEmpty());
    }

    private static boolean secret(String name, Field field) {
        String names = (name + " " + field.getName()).toLowerCase(Locale.ROOT);
        return names.contains("secret") || names.contains("password") || names.contains("token");
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> values) {
            List<String> parts = new ArrayList<>();
            values.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        String text = String.valueOf(value);
        return text.isEmpty() || text.contains(" ") ? "\"" + text + "\"" : text;
    }

    private static Object read(Object action, Field field) {
        try {
            field.setAccessible(true);
            return field.get(action);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }
}
