package io.haven.target.ec2;

import io.haven.api.target.BackupLog;
import io.haven.api.target.CloudContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two instance settings only DescribeInstanceAttribute shows ({@link InstanceAttributes}), kept for a while per
 * account, region and instance. They are recovery's defaults and rarely change, while reading them costs two calls
 * per instance: at hourly backups of thousands of instances that would triple a run's calls (issue 13, goal 3).
 * A read that was refused is not kept, so that the next backup tries again and logs why. Bounded: the least
 * recently used entries go first.
 */
final class InstanceAttributeCache {

    /** About 150 bytes an entry: 100,000 instances stay under 15 MB. */
    static final int MAX_ENTRIES = 100_000;

    private record Entry(InstanceAttributes attributes, Instant readAt) {
    }

    private final Clock clock;
    private volatile Duration maxAge;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    InstanceAttributeCache(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** How long a read stays good; zero reads them for every backup. */
    void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** The instance's attributes as read at most {@code maxAge} ago, or read now. */
    InstanceAttributes get(CloudContext ctx, String instanceId, BackupLog log) {
        String key = ctx.awsAccountId() + "/" + ctx.region() + "/" + instanceId;
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && now.isBefore(entry.readAt().plus(maxAge))) {
                return entry.attributes();
            }
        }
        // read outside the lock: other instances' backups must not wait for this call
        InstanceAttributes read = InstanceAttributes.read(ctx, instanceId, log);
        synchronized (entries) {
            if (read == InstanceAttributes.UNKNOWN || maxAge.isZero()) {
                entries.remove(key);
            } else {
                entries.put(key, new Entry(read, now));
            }
        }
        return read;
    }
}
