package io.haven.api.target;

import java.util.Map;

/**
 * Something a backup created in AWS: an EBS snapshot, an AMI, a DB snapshot, a table backup.
 *
 * @param kind       what it is, for example {@code ebs-snapshot} or {@code ami}
 * @param id         its AWS id
 * @param region     its region
 * @param resourceId the resource it was made from (the volume for an EBS snapshot)
 * @param details    facts recorded with it: {@code volumeId}, {@code instanceId}, {@code device},
 *                   {@code sizeGiB}, ...
 */
public record Artifact(String kind, String id, String region, String resourceId, Map<String, String> details) {
    public Artifact {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public String detail(String name) {
        return details.get(name);
    }
}
