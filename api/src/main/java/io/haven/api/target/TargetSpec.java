package io.haven.api.target;

import java.util.Map;

/**
 * One backup target of a policy, as stored.
 *
 * @param type       the {@link TargetType#id()}
 * @param region     the region of the resource
 * @param resourceId the AWS id of the resource
 * @param options    type-specific options, for example for EC2 instances
 *                   {@code volumes=all|include|exclude} and {@code devices=/dev/sda1,/dev/sdf}
 */
public record TargetSpec(String type, String region, String resourceId, Map<String, String> options) {
    public TargetSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
