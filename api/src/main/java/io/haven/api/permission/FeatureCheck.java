package io.haven.api.permission;

import java.util.List;

/**
 * One feature's result.
 *
 * @param allowed   actions AWS allows
 * @param missing   actions AWS refuses: what the IAM policy must add
 * @param unchecked actions neither the simulation nor a harmless call could decide
 */
public record FeatureCheck(String id, String title, boolean required, List<String> allowed,
                           List<String> missing, List<String> unchecked) {

    public FeatureCheck {
        allowed = List.copyOf(allowed);
        missing = List.copyOf(missing);
        unchecked = List.copyOf(unchecked);
    }

    /** True when no action is missing; unchecked ones may still be. */
    public boolean complete() {
        return missing.isEmpty();
    }
}
