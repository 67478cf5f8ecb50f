package io.haven.rest.dto;

import io.haven.api.target.Resource;
import java.util.List;
import java.util.Map;

/** A discovered resource with the names of the caller's policies that hold it (the guide's "Policies" column). */
public record FoundResource(String type, String id, String region, String name, Map<String, String> tags,
                            Map<String, String> attributes, List<String> policies) {

    public static FoundResource of(Resource resource, List<String> policies) {
        return new FoundResource(resource.type(), resource.id(), resource.region(), resource.name(), resource.tags(),
                resource.attributes(), policies == null ? List.of() : List.copyOf(policies));
    }
}
