package io.haven.api.model;

import java.util.Objects;

/**
 * A change made by hand to a policy's targets that the resource's {@code cpm backup} tag contradicts (guide 13,
 * "Pitfalls"): the change is made, and the next tag scan will undo it, or point it out again, unless the tag changes
 * (since 1.10).
 *
 * @param type       the target type of the resource
 * @param region     the resource's region
 * @param resourceId the resource's AWS id
 * @param policy     the policy the change was made to
 * @param tagValue   the value of the resource's {@code cpm backup} tag, as written
 * @param nextScan   what the next tag scan of the account will do with the resource
 * @param message    the same in words
 */
public record TagWarning(String type, String region, String resourceId, String policy, String tagValue,
                         NextScan nextScan, String message) {

    public TagWarning {
        Objects.requireNonNull(nextScan, "nextScan");
        Objects.requireNonNull(message, "message");
    }

    /** What the next tag scan will do with the resource. */
    public enum NextScan {
        /** Add the resource to the policy again: its tag names the policy. */
        ADD_AGAIN,
        /** Remove the resource from every policy of its account: its tag says {@code no-backup}. */
        REMOVE,
        /**
         * Leave the target as it is, and log in every scan that its options are not those its tag asks for: a scan
         * never changes a target's options (since 1.11).
         */
        KEEP_OPTIONS
    }
}
