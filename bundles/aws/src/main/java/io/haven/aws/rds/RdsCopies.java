package io.haven.aws.rds;

import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.aws.artifact.ArtifactTags;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the RDS and Aurora target types share for disaster-recovery copies (CopyDBSnapshot,
 * CopyDBClusterSnapshot): the copy's identifier and its tags (since 1.2).
 */
public final class RdsCopies {

    /** The alias of AWS's default RDS key, which names the destination's default key for a copy. */
    public static final String DEFAULT_KEY_ALIAS = "alias/aws/rds";
    private static final int MAX_IDENTIFIER = 255;
    private static final String SUFFIX = "-dr";

    private RdsCopies() {
    }

    /** The copy's identifier: the source's with {@code -dr}, so that it never meets a snapshot of the region's own. */
    public static String copyIdentifier(String sourceIdentifier) {
        String head = sourceIdentifier.length() + SUFFIX.length() <= MAX_IDENTIFIER ? sourceIdentifier
                : sourceIdentifier.substring(0, MAX_IDENTIFIER - SUFFIX.length());
        return head.replaceAll("-+$", "") + SUFFIX;
    }

    /**
     * The copy's tags, the scheme of {@link ArtifactTags}: the request's tags (with {@link HavenTags#COPY_OF}), a
     * Name, the target type and the source's details.
     */
    public static Map<String, String> tags(String targetType, String name, CopyRequest request,
                                           Map<String, String> details) {
        Map<String, String> tags = new LinkedHashMap<>();
        request.tags().forEach((key, value) -> tags.put(key, ArtifactTags.safeValue(value)));
        tags.putIfAbsent(ArtifactTags.NAME, ArtifactTags.safeValue(name));
        tags.put(ArtifactTags.TARGET_TYPE, ArtifactTags.safeValue(targetType));
        details.forEach((detail, value) -> {
            if (value != null && !HavenTags.COPY_OF.equals(detail)) {
                tags.put(ArtifactTags.DETAIL_PREFIX + detail, ArtifactTags.safeValue(value));
            }
        });
        return tags;
    }

    /** The artifact's details read back from a copy's tags: its details and the source it was copied from. */
    public static Map<String, String> details(Map<String, String> tags) {
        Map<String, String> details = new LinkedHashMap<>(ArtifactTags.details(tags));
        if (tags.containsKey(HavenTags.COPY_OF)) {
            details.put(HavenTags.COPY_OF, tags.get(HavenTags.COPY_OF));
        }
        return details;
    }
}
