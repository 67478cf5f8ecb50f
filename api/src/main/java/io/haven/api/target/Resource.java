package io.haven.api.target;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A resource found by discovery.
 *
 * @param type       the {@link TargetType#id()} that found it
 * @param id         the AWS id (vol-..., i-..., database identifier)
 * @param region     the region it lives in
 * @param name       the value of its Name tag, or its id when it has none
 * @param tags       its AWS tags
 * @param attributes type-specific facts for display and defaults (state, sizeGiB, zone, devices, ...)
 */
public record Resource(String type, String id, String region, String name,
                       Map<String, String> tags, Map<String, String> attributes) {
    public Resource {
        tags = Map.copyOf(tags);
        attributes = Map.copyOf(attributes);
    }

    /** An attribute that holds a whole number (for example {@code sizeGiB}); empty when absent or not a number (since 1.6). */
    public OptionalLong wholeNumber(String attribute) {
        String value = attributes.get(attribute);
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
