package io.haven.aws.recovery;

/** Names for recovered resources, derived from the original's so that they stay valid and short enough. */
public final class RecoveryNames {

    /** What a recovered resource's name ends with by default: the original usually still exists. */
    public static final String RECOVERED = "-recovered";

    private RecoveryNames() {
    }

    /**
     * {@code base + suffix}, with {@code base} cut so that the whole has at most {@code maxLength}
     * characters, and without hyphens where the cut ends (RDS and Redshift refuse "--").
     */
    public static String derived(String base, String suffix, int maxLength) {
        String head = base.length() + suffix.length() <= maxLength ? base : base.substring(0, maxLength - suffix.length());
        return head.replaceAll("-+$", "") + suffix;
    }
}
