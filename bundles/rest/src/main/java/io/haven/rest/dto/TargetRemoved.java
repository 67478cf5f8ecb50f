package io.haven.rest.dto;

import io.haven.api.model.TagWarning;
import java.util.List;

/**
 * The answer to DELETE /policies/{id}/targets/{targetId} when the removal contradicts the resource's {@code cpm backup}
 * tag (guide 13, "Pitfalls"): the target is removed, and the warnings say what the next tag scan will do. Without
 * warnings the answer stays 204 with no body.
 */
public record TargetRemoved(List<TagWarning> warnings) {
}
