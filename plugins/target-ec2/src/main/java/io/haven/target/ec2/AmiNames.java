package io.haven.target.ec2;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Names for the AMIs Haven creates. EC2 takes 3 to 128 characters of letters, digits, spaces and
 * {@code ( ) [ ] . / ' @ _ -}, and a name must be unique per account and region.
 */
final class AmiNames {

    static final int MAX_LENGTH = 128;
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9()\\[\\] ./'@_-]{3,128}");

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9()\\[\\] ./'@_-]+");
    private static final int HASH_LENGTH = 8;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private AmiNames() {
    }

    /**
     * {@code haven-<policy>-<instance>-<backupId>}: unique because a run backs an instance up once.
     * Other characters become '-'; a name that would be too long is cut and ends in a hash of the
     * three inputs, so two long names still differ.
     */
    static String forBackup(String policyName, String instanceId, String backupId) {
        String name = "haven-" + clean(policyName) + "-" + clean(instanceId) + "-" + clean(backupId);
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        return name.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "-"
                + hash(policyName + "\n" + instanceId + "\n" + backupId);
    }

    /** {@code haven-initial-<instance>-<yyyyMMdd-HHmmss>} in UTC: one initial AMI per instance and second. */
    static String forInitialAmi(String instanceId, Instant now) {
        return "haven-initial-" + clean(instanceId) + "-" + STAMP.format(now);
    }

    private static String clean(String part) {
        return part == null ? "" : NOT_ALLOWED.matcher(part).replaceAll("-");
    }

    private static String hash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
