package io.haven.api.model;

import io.haven.api.target.TargetOption;
import java.util.List;

/**
 * A target type that a plugin serves right now.
 *
 * @param options the options its targets take, as the type publishes them (since model 1.10)
 */
public record TargetTypeInfo(String id, String displayName, List<TargetOption> options) {

    public TargetTypeInfo {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A type that publishes no options (the form of model 1.9). */
    public TargetTypeInfo(String id, String displayName) {
        this(id, displayName, List.of());
    }
}
