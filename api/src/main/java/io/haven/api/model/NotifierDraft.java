package io.haven.api.model;

import java.util.Map;

/**
 * What a user asks for when adding or changing a notifier.
 *
 * @param name     the user's name for it, unique per user
 * @param type     the notifier type ({@code webhook}, {@code sns}, {@code email}, or a plugin's)
 * @param alerts   whether alerts are pushed through it as they are raised and cleared
 * @param summary  whether the daily summary is sent through it
 * @param settings the type's settings; on a change, a secret setting left out or sent as
 *                 {@link NotifierInfo#HIDDEN} keeps its stored value
 */
public record NotifierDraft(String name, String type, boolean alerts, boolean summary, Map<String, String> settings) {
    public NotifierDraft {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
