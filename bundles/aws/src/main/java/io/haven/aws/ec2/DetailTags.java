package io.haven.aws.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a snapshot's details also go into its tags. EC2 takes 50 tags per resource, keys up to
 * 128 and values up to 256 characters, while an instance's recorded facts alone can pass 50; the
 * tags are only the copy that rebuilds an artifact after a crash, Haven's record holds them all.
 *
 * <p>The order of importance, which is also the order of the recorded details: plain details
 * ({@code instanceId}, {@code device}, ...), then the volume's facts, then other facts
 * ({@code instance.*}, {@code image.*}), then tags ({@code volume.tag.*}, {@code instance.tag.*}).
 * The leading details that fit are tagged; a detail whose tag key would pass 128 characters is
 * skipped, a value longer than 256 characters is cut.
 */
final class DetailTags {

    static final int MAX_TAGS = 50;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 256;

    private static final String TAG_MARK = ".tag.";
    private static final String VOLUME_PREFIX = "volume.";

    private DetailTags() {
    }

    /**
     * The volume's facts and the caller's details in the order of importance; the caller's value wins
     * for a name both have, and within each group the caller's order is kept.
     */
    static Map<String, String> ordered(Map<String, String> volumeFacts, Map<String, String> callerDetails) {
        Map<String, String> merged = new LinkedHashMap<>(volumeFacts);
        callerDetails.forEach((name, value) -> {
            if (value != null) {
                merged.put(name, value);
            }
        });
        List<String> plain = new ArrayList<>();
        List<String> volume = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> names = new ArrayList<>(callerDetails.keySet());
        volumeFacts.keySet().stream().filter(name -> !callerDetails.containsKey(name)).forEach(names::add);
        for (String name : names) {
            if (!merged.containsKey(name)) {
                continue;
            }
            if (name.contains(TAG_MARK)) {
                tags.add(name);
            } else if (name.startsWith(VOLUME_PREFIX)) {
                volume.add(name);
            } else if (name.indexOf('.') < 0) {
                plain.add(name);
            } else {
                other.add(name);
            }
        }
        // volume tags go after the instance's: the instance's Name is what people search for
        tags.sort((a, b) -> Boolean.compare(a.startsWith(VOLUME_PREFIX), b.startsWith(VOLUME_PREFIX)));
        Map<String, String> ordered = new LinkedHashMap<>();
        for (List<String> group : List.of(plain, volume, other, tags)) {
            group.forEach(name -> ordered.put(name, merged.get(name)));
        }
        return ordered;
    }

    /** The leading details that fit as {@code haven:detail:NAME} tags beside {@code otherTags} other tags. */
    static Map<String, String> fitting(Map<String, String> details, int otherTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        int free = MAX_TAGS - otherTags;
        for (Map.Entry<String, String> detail : details.entrySet()) {
            if (tags.size() >= free) {
                break;
            }
            String key = EbsSnapshots.DETAIL_TAG_PREFIX + detail.getKey();
            if (key.length() <= MAX_KEY && detail.getValue() != null) {
                String value = detail.getValue();
                tags.put(key, value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE));
            }
        }
        return tags;
    }
}
