package io.haven.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * A configured notifier as interfaces show it: its secret settings replaced by {@link #HIDDEN}.
 *
 * @param available whether a plugin of its type is installed now
 */
public record NotifierInfo(long id, String name, String type, boolean alerts, boolean summary,
                           Map<String, String> settings, Instant created, boolean available) {

    /** What a secret setting's value reads as. */
    public static final String HIDDEN = "********";
}
