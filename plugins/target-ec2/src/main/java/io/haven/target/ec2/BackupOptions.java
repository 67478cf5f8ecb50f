package io.haven.target.ec2;

import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.TargetOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The options of an EC2 instance target: {@value BackupMode#OPTION} (absent: chosen by platform at
 * backup time, see {@link BackupMode#defaultFor}), {@value #REBOOT} ({@code true}/{@code false},
 * default false, only with {@code backupMode=ami}) and the volume selection ({@link VolumeSelection}).
 */
record BackupOptions(Optional<BackupMode> mode, boolean reboot, VolumeSelection volumes) {

    static final String REBOOT = "reboot";
    static final String REBOOT_FIELD = "options." + REBOOT;

    /**
     * What {@link #parse} takes, as the type publishes it ({@link io.haven.api.target.TargetType#options()}): the
     * names, values and defaults below are the ones parse checks, so the description cannot drift from the rule.
     */
    static final List<TargetOption> PUBLISHED = List.of(
            TargetOption.choice(BackupMode.OPTION, "Backup mode", null, "How the instance is backed up: "
                    + "EBS snapshots; snapshots and an initial AMI of the root device, kept apart and rotated; or one "
                    + "AMI per backup. Not set: snapshots-and-initial-ami for Windows, snapshots for the rest",
                    Arrays.stream(BackupMode.values()).map(BackupMode::value).toList()),
            TargetOption.yesNo(REBOOT, "Reboot for the AMI", false, "Only with backup mode ami: let EC2 reboot the "
                    + "instance for a consistent image"),
            TargetOption.choice(VolumeSelection.VOLUMES, "Volumes", "all", "Which EBS volumes are snapshotted: all "
                    + "(volumes attached later too), or include or exclude the devices listed; not with backup mode ami",
                    List.of("all", "include", "exclude")),
            TargetOption.list(VolumeSelection.DEVICES, "Devices", "With volumes include or exclude, and only then: "
                    + "device names separated by commas, e.g. /dev/sda1,/dev/sdf"));

    private static final Set<String> KNOWN = PUBLISHED.stream().map(TargetOption::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    static BackupOptions parse(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new InvalidTargetException("options." + key, "Unknown option '" + key
                        + "'; EC2 instance targets take 'backupMode', 'reboot', 'volumes' and 'devices'");
            }
        }
        Optional<BackupMode> mode = Optional.ofNullable(options.get(BackupMode.OPTION)).map(BackupMode::parse);
        boolean reboot = reboot(options.get(REBOOT));
        VolumeSelection volumes = VolumeSelection.parse(options);
        if (reboot && mode.orElse(null) != BackupMode.AMI) {
            throw new InvalidTargetException(REBOOT_FIELD,
                    "'reboot' applies only to backupMode=ami: snapshots and initial AMIs never reboot the instance");
        }
        if (mode.orElse(null) == BackupMode.AMI && volumes.mode() != VolumeSelection.Mode.ALL) {
            throw new InvalidTargetException(VolumeSelection.VOLUMES_FIELD, "backupMode=ami images all EBS volumes "
                    + "attached to the instance; volumes=include or exclude does not apply to it");
        }
        return new BackupOptions(mode, reboot, volumes);
    }

    /** The mode to back the instance up with: the option, else the platform's default. */
    BackupMode modeFor(Instance instance) {
        return mode.orElseGet(() -> BackupMode.defaultFor(instance));
    }

    private static boolean reboot(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidTargetException(REBOOT_FIELD, "'reboot' must be true or false, not '" + value + "'");
        };
    }
}
