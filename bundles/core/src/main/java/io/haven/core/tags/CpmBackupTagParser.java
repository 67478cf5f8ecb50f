package io.haven.core.tags;

import io.haven.core.tags.CpmBackupTag.Assignment;
import io.haven.core.tags.CpmBackupTag.Assignments;
import io.haven.core.tags.CpmBackupTag.NoBackup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses {@code cpm backup} tag values. Never throws: a value that does not follow the grammar is a
 * {@link Result} with an error that says what is wrong, so that a scan logs it with the resource and goes on.
 */
public final class CpmBackupTagParser {

    /** AWS allows tag values of up to 256 characters. */
    static final int MAX_LENGTH = 256;
    /** Options are lower-case words joined by hyphens, such as {@code only-amis-reboot}. */
    private static final Pattern OPTION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SPACES = Pattern.compile(" +");

    private CpmBackupTagParser() {
    }

    /** The parsed tag, or why the value is not one. Exactly one of {@code tag} and {@code error} is set. */
    public record Result(CpmBackupTag tag, String error) {
        static Result ok(CpmBackupTag tag) {
            return new Result(tag, null);
        }

        static Result error(String error) {
            return new Result(null, error);
        }

        public boolean ok() {
            return tag != null;
        }
    }

    public static Result parse(String value) {
        if (value == null || value.isBlank()) {
            return Result.error("The tag has no value; write policy names, or no-backup");
        }
        if (value.length() > MAX_LENGTH) {
            return Result.error("The value has " + value.length() + " characters; AWS allows " + MAX_LENGTH);
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) && c != ' ')) {
            return Result.error("Entries are separated by spaces; the value holds a tab or line break");
        }
        String[] entries = SPACES.split(value.strip());
        if (entries.length == 1 && entries[0].equals(CpmBackupTag.NO_BACKUP)) {
            return Result.ok(new NoBackup());
        }
        Map<String, Assignment> byPolicy = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.equals(CpmBackupTag.NO_BACKUP)) {
                return Result.error("no-backup removes the resource from every policy and cannot be combined with "
                        + "policy names");
            }
            Result parsed = assignment(entry);
            if (!parsed.ok()) {
                return parsed;
            }
            Assignment assignment = ((Assignments) parsed.tag()).assignments().get(0);
            Assignment earlier = byPolicy.putIfAbsent(assignment.policy(), assignment);
            if (earlier != null && !earlier.equals(assignment)) {
                return Result.error("Policy '" + assignment.policy() + "' is named twice with different templates or "
                        + "options ('" + format(earlier) + "' and '" + entry + "')");
            }
        }
        return Result.ok(new Assignments(new ArrayList<>(byPolicy.values())));
    }

    /** One {@code policy[:template]{#option}} entry, as a one-element {@link Assignments}. */
    private static Result assignment(String entry) {
        String[] parts = entry.split("#", -1);
        String names = parts[0];
        List<String> options = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i];
            if (option.isEmpty()) {
                return Result.error("'" + entry + "' has an empty backup option after '#'");
            }
            if (!OPTION.matcher(option).matches()) {
                return Result.error("'" + option + "' in '" + entry + "' is not a backup option (lower-case words joined "
                        + "by hyphens, such as only-snaps)");
            }
            if (options.contains(option)) {
                return Result.error("'" + entry + "' names the option " + option + " twice");
            }
            options.add(option);
        }
        int colon = names.indexOf(':');
        String policy = colon < 0 ? names : names.substring(0, colon);
        String template = colon < 0 ? null : names.substring(colon + 1);
        if (policy.isEmpty()) {
            return Result.error("'" + entry + "' has no policy name");
        }
        if (template != null) {
            if (template.isEmpty()) {
                return Result.error("'" + entry + "' has no template policy after ':'");
            }
            if (template.indexOf(':') >= 0) {
                return Result.error("'" + entry + "' has more than one ':'; write new_policy:template_policy");
            }
            if (template.equals(policy)) {
                return Result.error("'" + entry + "' makes policy '" + policy + "' from itself");
            }
        }
        if (policy.length() > 100 || (template != null && template.length() > 100)) {
            return Result.error("'" + entry + "' names a policy longer than 100 characters");
        }
        return Result.ok(new Assignments(List.of(new Assignment(policy, template, options))));
    }

    /** The canonical text of a parsed tag: entries separated by one space. */
    public static String format(CpmBackupTag tag) {
        if (tag instanceof NoBackup) {
            return CpmBackupTag.NO_BACKUP;
        }
        List<String> entries = new ArrayList<>();
        for (Assignment a : ((Assignments) tag).assignments()) {
            entries.add(format(a));
        }
        return String.join(" ", entries);
    }

    private static String format(Assignment a) {
        StringBuilder text = new StringBuilder(a.policy());
        if (a.template() != null) {
            text.append(':').append(a.template());
        }
        a.options().forEach(option -> text.append('#').append(option));
        return text.toString();
    }
}
