package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;

/**
 * An instance-store (ephemeral) volume of a recovered instance (guide 9.2.2, "Ephemeral Storage"):
 * a device and the virtual name of the instance-store volume, written {@code /dev/sdb:ephemeral0}.
 */
record EphemeralMapping(String device, String virtualName) {

    private static final Pattern VIRTUAL_NAME = Pattern.compile("ephemeral[0-9]{1,2}");

    /** The mappings of a comma- or newline-separated list; empty text is none. */
    static List<EphemeralMapping> parse(String field, String text) {
        List<EphemeralMapping> mappings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return mappings;
        }
        for (String entry : text.split("[,\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":", -1);
            if (parts.length != 2 || !VIRTUAL_NAME.matcher(parts[1].strip()).matches()) {
                throw new InvalidRecoveryException(field, "'" + entry.strip() + "' is not device:virtualName,"
                        + " for example /dev/sdb:ephemeral0");
            }
            String device = Devices.checked(field, parts[0].strip());
            for (EphemeralMapping other : mappings) {
                if (Devices.same(device, other.device())) {
                    throw new InvalidRecoveryException(field, "Device " + device + " is mapped twice");
                }
            }
            mappings.add(new EphemeralMapping(device, parts[1].strip()));
        }
        return mappings;
    }

    BlockDeviceMapping toBlockDeviceMapping() {
        return BlockDeviceMapping.builder().deviceName(device).virtualName(virtualName).build();
    }
}
