package io.haven.rest.dto;

import io.haven.api.model.DrSettings;
import java.util.List;

/**
 * The {@code dr} object of a policy request (guide 10.1, 11); absent fields take their defaults. {@code account} is
 * the id of the DR account of cross-account DR, {@code keepOriginals} whether the originals stay once copied there.
 */
public record DrSettingsRequest(Boolean enabled, Integer everyBackups, List<String> regions, Integer timeoutHours,
                                Long account, Boolean keepOriginals) {

    DrSettings toSettings() {
        return new DrSettings(enabled != null && enabled,
                everyBackups == null ? DrSettings.DEFAULT_EVERY_BACKUPS : everyBackups,
                regions == null ? List.of() : regions,
                timeoutHours == null ? DrSettings.DEFAULT_TIMEOUT_HOURS : timeoutHours,
                account, keepOriginals == null || keepOriginals);
    }
}
