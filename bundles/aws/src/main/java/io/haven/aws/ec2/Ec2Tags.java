package io.haven.aws.ec2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 tag lists as Haven sees them: a map, and a display name from the Name tag. */
public final class Ec2Tags {

    public static final String NAME = "Name";

    private Ec2Tags() {
    }

    /** The tags as a map in AWS's order; a null list is empty. */
    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value() == null ? "" : tag.value()));
        }
        return map;
    }

    /** The Name tag's value, or the fallback (usually the resource id) when it is missing or blank. */
    public static String nameOr(Map<String, String> tags, String fallback) {
        String name = tags.get(NAME);
        return name == null || name.isBlank() ? fallback : name;
    }
}
