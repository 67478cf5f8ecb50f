package io.haven.target.ec2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps artifact details within what Haven stores (about 12 KB per artifact), values within what EC2
 * takes as a tag value (256 characters). Which details also go into tags is {@code DetailTags}' choice.
 */
final class DetailLimits {

    static final int MAX_VALUE = 256;
    static final int MAX_TOTAL = 12_000;

    private DetailLimits() {
    }

    /** Puts the value, cut to {@value #MAX_VALUE} characters; null and blank values are left out. */
    static void put(Map<String, String> details, String key, String value) {
        if (value != null && !value.isBlank()) {
            details.put(key, truncate(value, MAX_VALUE));
        }
    }

    /** The details in their order with values cut to size, leaving out entries once the total would pass {@value #MAX_TOTAL}. */
    static Map<String, String> capped(Map<String, String> details) {
        Map<String, String> kept = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, String> entry : details.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            String value = truncate(entry.getValue(), MAX_VALUE);
            int size = entry.getKey().length() + value.length();
            if (total + size <= MAX_TOTAL) {
                kept.put(entry.getKey(), value);
                total += size;
            }
        }
        return kept;
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
