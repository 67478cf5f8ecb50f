package io.haven.target.ec2;

import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Tags;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps artifact details within what Haven stores (about 12 KB per artifact) and, for AMI artifacts,
 * within what EC2 takes as tags: 50 user tags per resource, keys up to 128 and values up to 256
 * characters. Details are also recorded as {@code haven:detail:NAME} tags so that a run can be
 * rebuilt after a crash; when not all of them fit, the leading ones (the most important, by the
 * order the caller put them in) are tagged and the rest live only in Haven's own record of the
 * artifact. ({@code EbsSnapshots} does the same for snapshots.)
 */
final class DetailLimits {

    static final int MAX_VALUE = 256;
    static final int MAX_TOTAL = 12_000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY = 128;

    private DetailLimits() {
    }

    /** Puts the value, cut to {@value #MAX_VALUE} characters; null and blank values are left out. */
    static void put(Map<String, String> details, String key, String value) {
        if (value != null && !value.isBlank()) {
            details.put(key, truncate(value, MAX_VALUE));
        }
    }

    /** The details in their order with values cut to size, leaving out entries once the total would pass {@value #MAX_TOTAL}. */
    static Map<String, String> capped(Map<String, String> details) {
        Map<String, String> kept = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, String> entry : details.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            String value = truncate(entry.getValue(), MAX_VALUE);
            int size = entry.getKey().length() + value.length();
            if (total + size <= MAX_TOTAL) {
                kept.put(entry.getKey(), value);
                total += size;
            }
        }
        return kept;
    }

    /**
     * The leading details that fit as detail tags on a resource that also carries {@code otherTagKeys}
     * and needs {@code reserved} further tags later.
     */
    static Map<String, String> forTags(Map<String, String> details, Set<String> otherTagKeys, int reserved) {
        int free = MAX_TAGS - otherTagKeys.size() - reserved;
        Map<String, String> tagged = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : details.entrySet()) {
            if (tagged.size() >= free) {
                break;
            }
            if (EbsSnapshots.DETAIL_TAG_PREFIX.length() + entry.getKey().length() <= MAX_TAG_KEY) {
                tagged.put(entry.getKey(), truncate(entry.getValue(), MAX_VALUE));
            }
        }
        return tagged;
    }

    /** The keys of the tags Haven puts on an artifact besides its details: the run's, Name and the target type. */
    static Set<String> baseTagKeys(Map<String, String> requestTags) {
        Set<String> keys = new HashSet<>(requestTags.keySet());
        keys.add(Ec2Tags.NAME);
        keys.add(EbsSnapshots.TARGET_TYPE_TAG);
        return keys;
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
