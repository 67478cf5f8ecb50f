package io.haven.aws.artifact;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Identifiers in the style RDS and Redshift use for DB instances, clusters and their snapshots:
 * letters, digits and hyphens, starting with a letter, without a trailing hyphen or two hyphens in
 * a row. AWS keeps them in lower case, so Haven writes and accepts them in lower case only.
 */
public final class AwsIdentifiers {

    /** Longest DB snapshot, cluster snapshot and Redshift snapshot identifier. */
    public static final int MAX_SNAPSHOT_LENGTH = 255;
    /** Longest DB instance, DB cluster and Redshift cluster identifier. */
    public static final int MAX_RESOURCE_LENGTH = 63;

    private static final String PREFIX = "haven";
    private static final Pattern VALID = Pattern.compile("[a-z](?:-?[a-z0-9])*");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9]+");
    private static final int HASH_LENGTH = 8;

    private AwsIdentifiers() {
    }

    /** Whether the identifier follows the rules and has at most {@code maxLength} characters. */
    public static boolean isValid(String identifier, int maxLength) {
        return identifier != null && !identifier.isEmpty() && identifier.length() <= maxLength
                && VALID.matcher(identifier).matches();
    }

    /**
     * Whether the identifier is one that {@link #snapshotIdentifier} gives (or a copy's made from one): it starts
     * with {@code haven-} (or is {@code haven} alone), case aside (since 1.3).
     */
    public static boolean isHavens(String identifier) {
        String lower = identifier == null ? "" : identifier.toLowerCase(Locale.ROOT);
        return lower.equals(PREFIX) || lower.startsWith(PREFIX + "-");
    }

    /**
     * A snapshot identifier {@code haven-<policy>-<resource>-<backupId>} that is valid and unique per
     * run and resource: each part is lower-cased with every run of other characters turned into one
     * hyphen. Should the whole exceed {@value #MAX_SNAPSHOT_LENGTH} characters, it is cut and ends in
     * a hash of the three inputs instead.
     */
    public static String snapshotIdentifier(String policyName, String resourceId, String backupId) {
        StringJoiner joined = new StringJoiner("-");
        joined.add(PREFIX);
        for (String part : new String[] {policyName, resourceId, backupId}) {
            String clean = clean(part);
            if (!clean.isEmpty()) {
                joined.add(clean);
            }
        }
        String identifier = joined.toString();
        if (identifier.length() <= MAX_SNAPSHOT_LENGTH) {
            return identifier;
        }
        String head = identifier.substring(0, MAX_SNAPSHOT_LENGTH - HASH_LENGTH - 1).replaceAll("-+$", "");
        return head + "-" + hash(policyName + "\n" + resourceId + "\n" + backupId);
    }

    private static String clean(String part) {
        if (part == null) {
            return "";
        }
        String lower = part.toLowerCase(Locale.ROOT);
        return NOT_ALLOWED.matcher(lower).replaceAll("-").replaceAll("^-+|-+$", "");
    }

    private static String hash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
