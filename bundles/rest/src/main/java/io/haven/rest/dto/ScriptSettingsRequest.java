package io.haven.rest.dto;

import io.haven.api.model.ScriptSettings;

/** The {@code scripts} object of a policy request; absent fields take their defaults. */
public record ScriptSettingsRequest(Boolean enabled, Integer timeoutSeconds, Boolean collectOutput) {

    ScriptSettings toSettings() {
        return new ScriptSettings(enabled != null && enabled,
                timeoutSeconds == null ? ScriptSettings.DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                collectOutput != null && collectOutput);
    }
}
