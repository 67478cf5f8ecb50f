package io.haven.api.model;

import io.haven.api.target.TargetSpec;

/**
 * A backup target of a policy.
 *
 * @param available false when no installed plugin serves its type (its bundle was removed)
 */
public record PolicyTarget(long id, long policyId, TargetSpec spec, boolean available) {
}
