package io.haven.core.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How reports write values: the guide's words for yes, no and nothing, times in ISO 8601 UTC. */
final class ReportTexts {

    static final String YES = "Yes";
    static final String NO = "No";
    /** The snapshot view's Instance for a snapshot of no instance (guide 15.6). */
    static final String NONE = "None";
    /** The snapshot view's Deleted At for a snapshot not deleted yet (guide 15.6). */
    static final String NOT_DELETED = "N/A";

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportTexts() {
    }

    static String yesNo(boolean value) {
        return value ? YES : NO;
    }

    /** An instant as ISO 8601 in UTC, or empty. */
    static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /**
     * A name a user chose (user, account, policy), made inert for spreadsheets: one that starts with = + - or @
     * would be run as a formula when the report is opened, perhaps by root or a manager reading another user's
     * names, so it gets a leading apostrophe (OWASP's advice on CSV injection). Ids and times never start so.
     */
    static String name(String text) {
        String value = orEmpty(text);
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    static String fileName(String report, Instant now) {
        return "haven-" + report + "-" + FILE_TIME.format(now) + ".csv";
    }
}
