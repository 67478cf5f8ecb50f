package io.haven.rest.dto;

import io.haven.api.model.TagScanSettings;

/** The body of PUT /tag-scan-settings: both fields are required. */
public record TagScanSettingsRequest(Boolean enabled, Integer intervalHours) {

    public TagScanSettings toSettings() {
        return new TagScanSettings(Required.field("enabled", enabled), Required.field("intervalHours", intervalHours));
    }
}
