package io.haven.api.recovery;

import java.util.Map;

/**
 * A resource that a recovery created in AWS.
 *
 * @param kind    for example {@code instance}, {@code volume}, {@code ami}, {@code rds-instance}
 * @param id      its AWS id or identifier
 * @param region  its region
 * @param details facts worth showing (zone, device, attached instance, size, ...)
 */
public record RecoveredResource(String kind, String id, String region, Map<String, String> details) {
    public RecoveredResource {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
