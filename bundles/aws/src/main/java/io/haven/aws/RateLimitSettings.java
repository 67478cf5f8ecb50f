package io.haven.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How Haven paces its own AWS calls (configuration PID {@code io.haven.aws}, since 1.2): one token bucket per
 * account, region and API bucket, sized as AWS publishes EC2's buckets, so that Haven's calls wait in Haven
 * instead of being refused with RequestLimitExceeded. See decision 0016.
 *
 * @param enabled   whether calls are paced at all
 * @param overrides bucket sizes that replace the published ones, keyed {@code service:bucket}, where the bucket
 *                  is an operation name ({@code ec2:CreateSnapshot}) or one of EC2's categories
 *                  ({@code ec2:non-mutating}, {@code ec2:unfiltered}, {@code ec2:mutating}); services without
 *                  published buckets (rds, redshift, dynamodb, ...) are paced only for the keys given here
 */
public record RateLimitSettings(boolean enabled, Map<String, BucketSize> overrides) {

    public RateLimitSettings {
        overrides = Map.copyOf(overrides);
    }

    /** AWS's published EC2 buckets, nothing else. */
    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, Map.of());
    }

    /** No pacing: every call goes out at once, as before 1.2. */
    public static RateLimitSettings off() {
        return new RateLimitSettings(false, Map.of());
    }

    /**
     * Reads configuration lines {@code service:bucket=CAPACITY/REFILL}, such as {@code ec2:CreateSnapshot=100/5}.
     *
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static RateLimitSettings parse(boolean enabled, String[] lines) {
        Map<String, BucketSize> overrides = new LinkedHashMap<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!key.matches("[a-z0-9-]+:[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("A bucket override is written service:bucket=CAPACITY/REFILL, such as "
                        + "ec2:CreateSnapshot=100/5, not '" + line + "'");
            }
            overrides.put(key, BucketSize.parse(line.substring(eq + 1)));
        }
        return new RateLimitSettings(enabled, overrides);
    }
}
