package io.haven.rest.dto;

import io.haven.api.model.NotifierDraft;
import java.util.Map;

/**
 * The body of POST and PUT /notifiers. {@code alerts} and {@code summary} default to true and false; on PUT a secret
 * setting left out or sent as {@code ********} keeps its value.
 */
public record NotifierRequest(String name, String type, Boolean alerts, Boolean summary, Map<String, String> settings) {

    public NotifierDraft draft() {
        return new NotifierDraft(name, type, alerts == null || alerts, summary != null && summary, settings);
    }
}
