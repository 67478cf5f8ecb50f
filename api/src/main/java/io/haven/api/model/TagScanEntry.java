package io.haven.api.model;

/**
 * One line of a tag scan's log (guide 13, "Troubleshooting") (since 1.6).
 *
 * @param kind       what happened
 * @param type       the target type of the resource, null for a line about the whole account or region
 * @param region     the resource's region, or the region the line is about
 * @param resourceId the resource's AWS id, or null
 * @param policy     the policy added to, removed from or created, or null
 * @param tagValue   the value of the resource's {@code cpm backup} tag, as written
 * @param message    what happened, or why not, in words
 */
public record TagScanEntry(Kind kind, String type, String region, String resourceId, String policy, String tagValue,
                           String message) {

    /** What a scan did with a resource. */
    public enum Kind {
        /** The resource was added to a policy. */
        ADDED,
        /** The resource was removed from a policy ({@code no-backup}). */
        REMOVED,
        /** A policy was created from a template. */
        CREATED,
        /** A tag value, policy name, option or AWS call failed; the scan went on. */
        ERROR,
        /**
         * A manual change contradicted the tag and the scan undid it: a resource removed by hand from a policy that
         * the last scan had added it to, added again; or one added by hand that the last scan had removed, removed
         * again (guide 13, "Pitfalls"); or a target whose options differ from those its tag gives, left as it is.
         */
        WARNING
    }
}
