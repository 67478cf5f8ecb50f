package io.haven.api.model;

/**
 * Root's settings of tag scanning (guide 13, "Tag Scanning"): whether scans run on their own, and how many hours
 * apart. "Scan now" works either way. Only accounts with {@link Account#scanResources()} are scanned (since 1.6).
 *
 * @param enabled       whether scans run every {@code intervalHours} (default off)
 * @param intervalHours hours between two automatic scans, 1 to 720 (default 24)
 */
public record TagScanSettings(boolean enabled, int intervalHours) {
    public static final TagScanSettings DEFAULT = new TagScanSettings(false, 24);
}
