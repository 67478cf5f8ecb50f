package io.haven.target.dynamodb;

import java.util.regex.Pattern;

/**
 * Names of Haven's table backups: {@code haven-<backupId>-<table>}, valid for DynamoDB
 * ({@code [a-zA-Z0-9_.-]{3,255}}). The backup id part holds no hyphen (other characters become
 * '_'), so the hyphen after it ends it: the prefix of one run never matches another run's backups.
 */
final class BackupNames {

    static final int MAX_LENGTH = 255;
    private static final Pattern NOT_IN_ID = Pattern.compile("[^a-zA-Z0-9_.]");

    private BackupNames() {
    }

    /** The name for the run's backup of the table; cut to 255 characters for very long table names. */
    static String of(String backupId, String tableName) {
        String name = prefix(backupId) + tableName;
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }

    /** What every name of the run's backups starts with. */
    static String prefix(String backupId) {
        return "haven-" + NOT_IN_ID.matcher(backupId).replaceAll("_") + "-";
    }
}
