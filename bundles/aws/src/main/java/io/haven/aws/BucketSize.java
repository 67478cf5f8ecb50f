package io.haven.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of one API token bucket, as AWS publishes them for EC2: how many calls may be made at once, and how
 * many tokens come back per second (since 1.2).
 *
 * @param capacity        the bucket's maximum number of tokens (the burst)
 * @param refillPerSecond tokens added back per second (the sustained rate); may be a fraction, such as 0.3
 */
public record BucketSize(double capacity, double refillPerSecond) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)\\s*");

    public BucketSize {
        if (!(capacity >= 1) || !(refillPerSecond > 0) || Double.isInfinite(capacity) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("A bucket needs a capacity of at least 1 and a positive refill rate, not "
                    + capacity + "/" + refillPerSecond);
        }
    }

    /** Reads {@code CAPACITY/REFILL}, for example {@code 100/5} or {@code 4/0.3}. */
    public static BucketSize parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("A bucket size is written CAPACITY/REFILL_PER_SECOND, such as 100/5, not '"
                    + text + "'");
        }
        return new BucketSize(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    @Override
    public String toString() {
        return format(capacity) + "/" + format(refillPerSecond);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
