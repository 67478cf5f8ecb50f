package io.haven.api.permission;

import java.util.List;

/**
 * One feature's result.
 *
 * @param complete  true when no action is missing (unchecked ones may still be)
 * @param allowed   actions AWS allows
 * @param missing   actions AWS refuses: what the IAM policy must add
 * @param unchecked actions neither the simulation nor a harmless call could decide
 */
public record FeatureCheck(String id, String title, boolean required, boolean complete, List<String> allowed,
                           List<String> missing, List<String> unchecked) {

    public FeatureCheck {
        allowed = List.copyOf(allowed);
        missing = List.copyOf(missing);
        unchecked = List.copyOf(unchecked);
        if (complete != missing.isEmpty()) {
            throw new IllegalArgumentException("A feature is complete exactly when no action is missing");
        }
    }

    public FeatureCheck(String id, String title, boolean required, List<String> allowed, List<String> missing,
                        List<String> unchecked) {
        this(id, title, required, missing.isEmpty(), allowed, missing, unchecked);
    }
}
