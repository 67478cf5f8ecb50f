package io.haven.aws;

/**
 * Haven-wide AWS client settings (configuration PID {@code io.haven.aws}).
 *
 * @param endpoint      global endpoint override, or null for real AWS
 * @param defaultRegion region used when a caller passes none
 * @param proxyHost     HTTP proxy host, or null for none
 * @param proxyPort     HTTP proxy port; used only with a proxy host
 * @param maxRetries    retries after a failed attempt with the SDK standard retry strategy
 *                      (its max attempts is this plus one)
 */
public record AwsSettings(String endpoint, String defaultRegion, String proxyHost, int proxyPort, int maxRetries) {

    public static final String DEFAULT_REGION = "us-east-1";
    /** Two retries: the SDK standard strategy's own default of three attempts. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    public AwsSettings {
        endpoint = blankToNull(endpoint);
        defaultRegion = blankToNull(defaultRegion) == null ? DEFAULT_REGION : defaultRegion.strip();
        proxyHost = blankToNull(proxyHost);
        if (proxyHost != null && (proxyPort < 1 || proxyPort > 65535)) {
            throw new IllegalArgumentException("proxyPort must be 1-65535 when proxyHost is set, not " + proxyPort);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, not " + maxRetries);
        }
    }

    /** Real AWS, us-east-1, no proxy, the default retries. */
    public static AwsSettings defaults() {
        return new AwsSettings(null, DEFAULT_REGION, null, 0, DEFAULT_MAX_RETRIES);
    }

    /** The defaults with a global endpoint override, as tests against an emulator use them. */
    public static AwsSettings withEndpoint(String endpoint) {
        return new AwsSettings(endpoint, DEFAULT_REGION, null, 0, DEFAULT_MAX_RETRIES);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
