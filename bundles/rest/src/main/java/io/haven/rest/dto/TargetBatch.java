package io.haven.rest.dto;

import io.haven.api.target.TargetSpec;
import java.util.List;

/** Several targets to add to a policy in one request, all or none. */
public record TargetBatch(List<TargetSpec> targets) {
}
