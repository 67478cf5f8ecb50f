package io.haven.shell;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Dictionary;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The zone in which Haven evaluates schedules and shows times: the {@code timeZone} of the core's
 * configuration (PID {@code io.haven.core}), else the server's own zone, as core decides it.
 */
public final class ServerZone {

    static final String CORE_PID = "io.haven.core";
    static final String TIME_ZONE = "timeZone";

    private ServerZone() {
    }

    /** @param configAdmin may be null, then the server's zone */
    public static ZoneId of(ConfigurationAdmin configAdmin) {
        if (configAdmin == null) {
            return ZoneId.systemDefault();
        }
        try {
            // listConfigurations, not getConfiguration: looking must not create a configuration.
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + CORE_PID + ")");
            Dictionary<String, Object> properties = found == null || found.length == 0 ? null : found[0].getProperties();
            Object name = properties == null ? null : properties.get(TIME_ZONE);
            if (name == null || name.toString().isBlank()) {
                return ZoneId.systemDefault();
            }
            return ZoneId.of(name.toString().trim());
        } catch (IOException | InvalidSyntaxException | DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }
}
