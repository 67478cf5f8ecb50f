package io.haven.rest.dto;

import java.util.Map;

/**
 * The body of PUT /policies/{id}/targets/{targetId}: the target's new options, replacing the old ones whole; an empty
 * object gives the type's defaults. The type, region and resource of a target do not change.
 */
public record TargetOptionsRequest(Map<String, String> options) {

    /** The options given; the field is required, so that a body without it does not quietly reset them. */
    public Map<String, String> value() {
        return Required.field("options", options);
    }
}
