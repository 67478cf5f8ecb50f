package io.haven.recovery.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Recorded tags as EC2 takes them; tags under {@code aws:} belong to AWS services and are never set. */
final class TagLists {

    private static final String AWS_PREFIX = "aws:";

    private TagLists() {
    }

    static List<Tag> of(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((key, value) -> {
            if (!key.startsWith(AWS_PREFIX)) {
                list.add(Tag.builder().key(key).value(value).build());
            }
        });
        return list;
    }

    /** The tag specification for a new resource, or none when there are no tags to set. */
    static List<TagSpecification> specification(ResourceType type, Map<String, String> tags) {
        List<Tag> list = of(tags);
        return list.isEmpty() ? List.of() : List.of(TagSpecification.builder().resourceType(type).tags(list).build());
    }
}
