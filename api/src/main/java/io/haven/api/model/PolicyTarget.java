package io.haven.api.model;

import io.haven.api.target.TargetSpec;
import java.util.List;

/**
 * A backup target of a policy.
 *
 * @param available false when no installed plugin serves its type (its bundle was removed)
 * @param warnings  when the target was just added by hand: what its resource's {@code cpm backup} tag says against it
 *                  (a {@code no-backup} tag, which the next scan enforces); empty otherwise, and when read (since 1.10)
 */
public record PolicyTarget(long id, long policyId, TargetSpec spec, boolean available, List<TagWarning> warnings) {

    public PolicyTarget {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A target with no warnings, as it is read. */
    public PolicyTarget(long id, long policyId, TargetSpec spec, boolean available) {
        this(id, policyId, spec, available, List.of());
    }

    /** This target with the warnings of the change that just added it (since 1.10). */
    public PolicyTarget withWarnings(List<TagWarning> added) {
        return new PolicyTarget(id, policyId, spec, available, added);
    }
}
