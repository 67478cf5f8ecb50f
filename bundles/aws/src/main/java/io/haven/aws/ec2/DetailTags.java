package io.haven.aws.ec2;

import io.haven.aws.artifact.ArtifactTags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of an EC2 artifact's details also go into its tags (as {@code haven:detail:NAME}). EC2 takes 50
 * tags per resource, keys up to 128 and values up to 256 characters, while an instance's facts and
 * tags together can pass that by far. The tags are the copy that rebuilds an artifact from AWS after a
 * crash; Haven's own record always holds every detail. What does not fit is left off, and the caller
 * writes that to the run's log ({@link #leftOffMessage}).
 *
 * <p>The order of importance (decision 0009), after Haven's own tags ({@code haven:backup-id},
 * {@code haven:policy}, Name, {@code haven:target-type}), which are always set:
 * <ol>
 *   <li>plain details ({@code instanceId}, {@code device}, {@code initialAmiId}, ...), in the caller's order;</li>
 *   <li>the volume's facts ({@code volume.type}, {@code volume.iops}, ...);</li>
 *   <li>other settings that recovery needs ({@code instance.type}, {@code instance.subnetId}, ...);</li>
 *   <li>the resources' own tags: the instance's Name, the volume's Name, then the volume's other tags
 *       ({@code volume.tag.*}), then the instance's ({@code instance.tag.*}), each by key;</li>
 *   <li>the rest: the record of the original AMI ({@code image.*}), which only the AMI assistant reads.</li>
 * </ol>
 * A detail whose tag key would pass 128 characters is left off; a value longer than 256 characters is cut.
 */
public final class DetailTags {

    public static final int MAX_TAGS = 50;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 256;

    private static final String TAG_MARK = ".tag.";
    private static final String VOLUME_PREFIX = "volume.";
    private static final String INSTANCE_NAME = "instance.tag.Name";
    private static final String VOLUME_NAME = "volume.tag.Name";
    private static final String IMAGE_PREFIX = "image.";

    /**
     * The details that fit as tags, and the names of those left off, in the order of importance.
     *
     * @param tags    {@code haven:detail:NAME} tags to set
     * @param leftOff detail names that did not fit
     */
    public record Fit(Map<String, String> tags, List<String> leftOff) {
        public Fit {
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            leftOff = List.copyOf(leftOff);
        }
    }

    private DetailTags() {
    }

    /**
     * The volume's facts and the caller's details in the order of importance; the caller's value wins
     * for a name both have.
     */
    public static Map<String, String> ordered(Map<String, String> volumeFacts, Map<String, String> callerDetails) {
        Map<String, String> merged = new LinkedHashMap<>(volumeFacts);
        callerDetails.forEach((name, value) -> {
            if (value != null) {
                merged.put(name, value);
            }
        });
        List<String> names = new ArrayList<>(callerDetails.keySet());
        volumeFacts.keySet().stream().filter(name -> !callerDetails.containsKey(name)).forEach(names::add);
        names.removeIf(name -> !merged.containsKey(name));
        List<String> inCallerOrder = List.copyOf(names);
        // a stable sort: within groups 1, 2, 3 and 5 the caller's order stays; tags go by name
        names.sort(Comparator.comparingInt(DetailTags::rank)
                .thenComparing(name -> isSortedByName(name) ? name : "")
                .thenComparingInt(inCallerOrder::indexOf));
        Map<String, String> ordered = new LinkedHashMap<>();
        names.forEach(name -> ordered.put(name, merged.get(name)));
        return ordered;
    }

    /** The leading details, in their order, that fit as tags beside {@code otherTags} other tags. */
    public static Fit fit(Map<String, String> details, int otherTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> leftOff = new ArrayList<>();
        int free = MAX_TAGS - otherTags;
        for (Map.Entry<String, String> detail : details.entrySet()) {
            String key = ArtifactTags.DETAIL_PREFIX + detail.getKey();
            if (detail.getValue() == null) {
                continue;
            }
            if (tags.size() >= free || key.length() > MAX_KEY) {
                leftOff.add(detail.getKey());
                continue;
            }
            String value = detail.getValue();
            tags.put(key, value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE));
        }
        return new Fit(tags, leftOff);
    }

    /** The run's log line for details left off an artifact's tags. */
    public static String leftOffMessage(String artifact, String resource, List<String> leftOff) {
        return artifact + " of " + resource + ": " + leftOff.size() + " detail(s) did not fit in AWS's " + MAX_TAGS
                + " tags and are kept only in Haven's record (a catalog rebuilt from AWS would lack them): "
                + String.join(", ", leftOff);
    }

    private static int rank(String name) {
        if (name.equals(INSTANCE_NAME)) {
            return 3;
        }
        if (name.equals(VOLUME_NAME)) {
            return 4;
        }
        if (name.contains(TAG_MARK)) {
            return name.startsWith(VOLUME_PREFIX) ? 5 : 6;
        }
        if (name.indexOf('.') < 0) {
            return 0;
        }
        if (name.startsWith(VOLUME_PREFIX)) {
            return 1;
        }
        return name.startsWith(IMAGE_PREFIX) ? 7 : 2;
    }

    private static boolean isSortedByName(String name) {
        return name.contains(TAG_MARK);
    }
}
