package io.haven.aws.artifact;

import io.haven.api.target.BackupRequest;
import io.haven.api.target.HavenTags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags Haven puts on an artifact at its creation: the run's tags, a Name, the target type that
 * made it ({@value #TARGET_TYPE}) and the artifact's details (as {@value #DETAIL_PREFIX}NAME), so
 * that a run's artifacts can be rebuilt from AWS alone and two target types never adopt each
 * other's artifacts. The scheme is the one {@code EbsSnapshots} uses on EC2.
 *
 * <p>Values are made safe for the strictest tagging service (RDS accepts only letters, digits,
 * white space and {@code _ . : / = + - @}, at most 256 characters): a policy may be named freely.
 */
public final class ArtifactTags {

    /** Tag with the {@code TargetType.id()} that created the artifact. */
    public static final String TARGET_TYPE = "haven:target-type";
    /** Prefix of the tags that carry artifact details (for example {@code haven:detail:engine}). */
    public static final String DETAIL_PREFIX = "haven:detail:";
    public static final String NAME = "Name";

    static final int MAX_VALUE = 256;
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]");

    private ArtifactTags() {
    }

    /**
     * The tags for a new artifact, in this order: the request's tags, Name (unless the request sets
     * one), the target type, then one tag per detail. Null details are left out.
     */
    public static Map<String, String> of(String targetType, String name, BackupRequest request,
                                         Map<String, String> details) {
        Map<String, String> tags = new LinkedHashMap<>();
        request.tags().forEach((key, value) -> tags.put(key, safeValue(value)));
        tags.putIfAbsent(NAME, safeValue(name));
        tags.put(TARGET_TYPE, safeValue(targetType));
        details.forEach((detail, value) -> {
            if (value != null) {
                tags.put(DETAIL_PREFIX + detail, safeValue(value));
            }
        });
        return tags;
    }

    /** The details that {@link #of} recorded in the tags. */
    public static Map<String, String> details(Map<String, String> tags) {
        Map<String, String> details = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (key.startsWith(DETAIL_PREFIX)) {
                details.put(key.substring(DETAIL_PREFIX.length()), value);
            }
        });
        return details;
    }

    /** Whether the tags mark an artifact that the target type created for the backup run. */
    public static boolean belongsTo(Map<String, String> tags, String targetType, String backupId) {
        return safeValue(backupId).equals(tags.get(HavenTags.BACKUP_ID))
                && safeValue(targetType).equals(tags.get(TARGET_TYPE));
    }

    /** The value as every AWS tagging service accepts it: unsafe characters become '_', cut to 256 characters. */
    public static String safeValue(String value) {
        if (value == null) {
            return "";
        }
        String safe = UNSAFE.matcher(value).replaceAll("_");
        return safe.length() <= MAX_VALUE ? safe : safe.substring(0, MAX_VALUE);
    }
}
