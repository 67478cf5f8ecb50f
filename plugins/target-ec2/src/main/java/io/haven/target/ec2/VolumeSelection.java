package io.haven.target.ec2;

import io.haven.api.target.InvalidTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of an instance's EBS volumes a target backs up, from the options {@value #VOLUMES}
 * ({@code all}, {@code include}, {@code exclude}) and {@value #DEVICES} (comma-separated device
 * names, required for include and exclude, forbidden for all). {@code /dev/sdf} and
 * {@code sdf} name the same device.
 */
record VolumeSelection(Mode mode, Set<String> devices) {

    static final String VOLUMES = "volumes";
    static final String DEVICES = "devices";
    static final String VOLUMES_FIELD = "options." + VOLUMES;
    static final String DEVICES_FIELD = "options." + DEVICES;

    enum Mode { ALL, INCLUDE, EXCLUDE }

    private static final String DEV_PREFIX = "/dev/";

    /** Reads the two options from the target's options; other options are {@link BackupOptions}'s business. */
    static VolumeSelection parse(Map<String, String> options) {
        Mode mode = mode(options.getOrDefault(VOLUMES, "all"));
        Set<String> devices = devices(options.get(DEVICES));
        if (mode == Mode.ALL && !devices.isEmpty()) {
            throw new InvalidTargetException(DEVICES_FIELD, "'devices' only goes with volumes=include or volumes=exclude");
        }
        if (mode != Mode.ALL && devices.isEmpty()) {
            throw new InvalidTargetException(DEVICES_FIELD,
                    "volumes=" + mode.name().toLowerCase() + " needs 'devices', e.g. /dev/sda1,/dev/sdf");
        }
        return new VolumeSelection(mode, devices);
    }

    /**
     * The selected entries of an instance's device-to-volume map, in the instance's order.
     *
     * @throws InvalidTargetException when an include list names a device the instance does not
     *                                have, or when nothing is left to back up
     */
    Map<String, String> select(String instanceId, Map<String, String> volumesByDevice) {
        Map<String, String> byShortName = new LinkedHashMap<>();
        volumesByDevice.keySet().forEach(device -> byShortName.put(shortName(device), device));
        if (mode == Mode.INCLUDE) {
            List<String> missing = devices.stream().filter(d -> !byShortName.containsKey(d)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidTargetException(DEVICES_FIELD, "EC2 instance " + instanceId + " has no device "
                        + String.join(", ", missing) + "; its EBS devices are " + describe(volumesByDevice));
            }
        }
        Map<String, String> selected = new LinkedHashMap<>();
        volumesByDevice.forEach((device, volume) -> {
            boolean listed = devices.contains(shortName(device));
            if (mode == Mode.ALL || (mode == Mode.INCLUDE) == listed) {
                selected.put(device, volume);
            }
        });
        if (selected.isEmpty()) {
            throw new InvalidTargetException(DEVICES_FIELD, "Nothing to back up: the selection leaves none of EC2 instance "
                    + instanceId + "'s EBS devices (" + describe(volumesByDevice) + ")");
        }
        return selected;
    }

    private static Mode mode(String value) {
        return switch (value.strip()) {
            case "all" -> Mode.ALL;
            case "include" -> Mode.INCLUDE;
            case "exclude" -> Mode.EXCLUDE;
            default -> throw new InvalidTargetException(VOLUMES_FIELD,
                    "'volumes' must be all, include or exclude, not '" + value + "'");
        };
    }

    private static Set<String> devices(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> devices = new LinkedHashSet<>();
        for (String device : value.split(",")) {
            String name = shortName(device.strip());
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidTargetException(DEVICES_FIELD, "'" + device.strip() + "' is not a device name");
            }
            devices.add(name);
        }
        return Collections.unmodifiableSet(devices);
    }

    private static String shortName(String device) {
        return device.startsWith(DEV_PREFIX) ? device.substring(DEV_PREFIX.length()) : device;
    }

    private static String describe(Map<String, String> volumesByDevice) {
        return volumesByDevice.isEmpty() ? "none" : volumesByDevice.keySet().stream().collect(Collectors.joining(", "));
    }
}
