package io.haven.shell.policy;

import io.haven.api.service.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target options as the target commands take them: the EC2 flags in the shell's words, and any option of any type
 * as {@code --option name=value}. The type judges them; this only puts them in the form the API takes.
 */
final class TargetOptionFlags {

    private TargetOptionFlags() {
    }

    static Map<String, String> of(List<String> extra, String backupMode, boolean reboot, String volumes,
                                  List<String> devices) {
        Map<String, String> options = new LinkedHashMap<>();
        if (extra != null) {
            for (String pair : extra) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("option", "Write an option as name=value, not '" + pair + "'");
                }
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (backupMode != null) {
            options.put("backupMode", backupMode);
        }
        if (reboot) {
            options.put("reboot", "true");
        }
        if (volumes != null) {
            options.put("volumes", volumes);
        }
        if (devices != null && !devices.isEmpty()) {
            options.put("devices", String.join(",", devices));
        }
        return options;
    }
}
