package io.haven.core.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.slf4j.LoggerFactory;

/** The time zone Haven evaluates schedules in. */
public final class Zones {

    private Zones() {
    }

    /** The configured zone, or the server's when none is set or the name is unknown. */
    public static ZoneId of(CoreConfig config) {
        String name = config == null ? "" : config.timeZone();
        try {
            return name == null || name.isBlank() ? ZoneId.systemDefault() : ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            LoggerFactory.getLogger(Zones.class).warn("Unknown time zone '{}' in {}; using the server's zone", name,
                    CoreConfig.PID);
            return ZoneId.systemDefault();
        }
    }
}
