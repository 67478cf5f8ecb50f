package io.haven.aws.recovery;

import io.haven.aws.artifact.ArtifactTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The original resource's tags as artifact details {@code tag.<key>}, so that recovery can put them
 * back. The details travel as snapshot tags ({@code haven:detail:tag.<key>}), and a snapshot holds at
 * most {@value #MAX_TAGS} tags with keys of at most {@value #MAX_KEY_LENGTH} characters: Haven's own tags
 * and details come first, then the resource's tags in key order as far as they fit (decision 0009). Tags
 * that do not fit are counted in the detail {@value #OMITTED}, named in the run's log by the plugin
 * ({@link #recordFitting}, {@link #leftOffMessage}), and recovery tells the user.
 */
public final class TagDetails {

    public static final String PREFIX = "tag.";
    public static final String OMITTED = "tagsOmitted";
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    /** Tags AWS manages (CloudFormation, ...): nobody may set them, so they are neither recorded nor restored. */
    public static final String AWS_PREFIX = "aws:";
    /** Tag on every recovered resource: the artifact it was recovered from. */
    public static final String RECOVERED_FROM = "haven:recovered-from";

    private TagDetails() {
    }

    /**
     * Adds the tags to {@code details}, as many as fit next to {@code tagsTaken} snapshot tags that
     * the artifact carries already, in key order.
     */
    public static void record(Map<String, String> tags, int tagsTaken, Map<String, String> details) {
        recordFitting(tags, tagsTaken, details);
    }

    /**
     * As {@link #record}, and returns the keys of the tags left off (too long a key, or no room), in
     * key order, for the run's log ({@link #leftOffMessage}).
     *
     * @since 1.2
     */
    public static List<String> recordFitting(Map<String, String> tags, int tagsTaken, Map<String, String> details) {
        Map<String, String> eligible = new TreeMap<>();
        List<String> leftOff = new ArrayList<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().startsWith(AWS_PREFIX)) {
                continue;
            }
            if ((ArtifactTags.DETAIL_PREFIX + PREFIX + tag.getKey()).length() > MAX_KEY_LENGTH) {
                leftOff.add(tag.getKey());
            } else {
                eligible.put(tag.getKey(), tag.getValue());
            }
        }
        int room = MAX_TAGS - tagsTaken;
        if (!leftOff.isEmpty() || eligible.size() > room) {
            room--; // keep a place for the tagsOmitted detail
        }
        for (Map.Entry<String, String> tag : eligible.entrySet()) {
            if (room-- > 0) {
                details.put(PREFIX + tag.getKey(), tag.getValue());
            } else {
                leftOff.add(tag.getKey());
            }
        }
        if (!leftOff.isEmpty()) {
            details.put(OMITTED, String.valueOf(leftOff.size()));
        }
        leftOff.sort(null);
        return leftOff;
    }

    /** The run's log line for the resource's tags that {@link #recordFitting} left off its snapshot. */
    public static String leftOffMessage(String resource, List<String> leftOff) {
        return "The snapshot of " + resource + " carries Haven's details first and has no room for "
                + leftOff.size() + " of its tags (AWS allows " + MAX_TAGS + " per resource); they are not recorded"
                + " and a recovery will not restore them: " + String.join(", ", leftOff);
    }

    /**
     * The tags a recovered resource gets: the recorded ones when {@code preserve}, and always
     * {@value #RECOVERED_FROM} naming the artifact. Always at least one tag, because RDS copies the
     * snapshot's own tags (Haven's bookkeeping) to a restored resource that is given none.
     */
    public static Map<String, String> forRecovered(Map<String, String> details, boolean preserve, String artifactId) {
        Map<String, String> tags = preserve ? read(details) : new LinkedHashMap<>();
        tags.put(RECOVERED_FROM, artifactId);
        return tags;
    }

    /** The tags that {@link #record} put into the details. */
    public static Map<String, String> read(Map<String, String> details) {
        Map<String, String> tags = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                tags.put(name.substring(PREFIX.length()), value);
            }
        });
        return tags;
    }
}
